package driver

import (
	"sync"
	"time"
)

// update is one TYPE_UPDATE as the reference client handed it to a subscription callback.
type update struct {
	N         int    `json:"n"` // arrival order at the callbacks, over all subscriptions
	RequestID int32  `json:"request_id"`
	Data      string `json:"data"`
}

// updateStore keeps every update in callback order, for wait_updates. Each wait consumes: a
// cursor per subscription (key: request id, 0 = any subscription) marks what was taken.
type updateStore struct {
	mu      sync.Mutex
	all     []update
	cursor  map[int32]int
	changed chan struct{}
}

func newUpdateStore() *updateStore {
	return &updateStore{cursor: map[int32]int{}, changed: make(chan struct{})}
}

// add records an update and returns its arrival number.
func (s *updateStore) add(requestID int32, data string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := len(s.all) + 1
	s.all = append(s.all, update{N: n, RequestID: requestID, Data: data})
	close(s.changed)
	s.changed = make(chan struct{})
	return n
}

// take returns up to max not yet taken updates for key, and a channel closed on the next add.
func (s *updateStore) take(key int32, max int) ([]update, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var got []update
	i := s.cursor[key]
	for ; i < len(s.all) && len(got) < max; i++ {
		if key == 0 || s.all[i].RequestID == key {
			got = append(got, s.all[i])
		}
	}
	// Other subscriptions' updates before i stay for their own cursors.
	s.cursor[key] = i
	return got, s.changed
}

// wait takes count updates for key, waiting up to timeout; it returns what it got and
// whether that is all of them.
func (s *updateStore) wait(key int32, count int, timeout time.Duration) ([]update, bool) {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	var got []update
	for {
		more, changed := s.take(key, count-len(got))
		got = append(got, more...)
		if len(got) >= count {
			return got, true
		}
		select {
		case <-changed:
		case <-deadline.C:
			return got, false
		}
	}
}
