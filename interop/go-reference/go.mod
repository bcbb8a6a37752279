module nanorpc-hil/interop/go-reference

go 1.24.0

require (
	darvaza.org/x/net v0.7.0
	google.golang.org/protobuf v1.36.11
	protomcp.org/nanorpc/pkg/nanorpc v0.6.0
)

require (
	darvaza.org/core v0.19.1 // indirect
	darvaza.org/slog v0.9.1 // indirect
	darvaza.org/slog/handlers/discard v0.7.1 // indirect
	darvaza.org/x/config v0.6.0 // indirect
	darvaza.org/x/container v0.4.2 // indirect
	darvaza.org/x/fs v0.6.0 // indirect
	darvaza.org/x/sync v0.4.2 // indirect
	github.com/amery/defaults v0.1.0 // indirect
	github.com/gabriel-vasile/mimetype v1.4.9 // indirect
	github.com/go-playground/locales v0.14.1 // indirect
	github.com/go-playground/universal-translator v0.18.1 // indirect
	github.com/go-playground/validator/v10 v10.27.0 // indirect
	github.com/gobwas/glob v0.2.3 // indirect
	github.com/leodido/go-urn v1.4.0 // indirect
	github.com/rs/xid v1.6.0 // indirect
	golang.org/x/crypto v0.48.0 // indirect
	golang.org/x/net v0.50.0 // indirect
	golang.org/x/sys v0.41.0 // indirect
	golang.org/x/text v0.34.0 // indirect
	protomcp.org/nanorpc/pkg/nanopb v0.2.1 // indirect
)
