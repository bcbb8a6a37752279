/* Writing a whole buffer to a non-blocking descriptor, waiting for room with a deadline. */
#ifndef FD_IO_H
#define FD_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Writes all bytes; `is_socket` uses send(MSG_NOSIGNAL). Returns false on an error or when no
 * room came for `timeout_ms` (a peer that stopped reading: errno is then ETIMEDOUT). */
bool fd_write_all(int fd, const uint8_t *bytes, size_t length, bool is_socket, int timeout_ms);

#endif /* FD_IO_H */
