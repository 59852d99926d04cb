package models

import "context"

// requestIDKey is the context key of the request id; a type of its own so no
// other package's key collides with it.
type requestIDKey struct{}

// WithRequestID returns ctx carrying the id of the HTTP request it serves.
// The server sets it once per request; loggers add it to every line, and
// outbound calls made for the request may forward it.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey{}, id)
}

// RequestID returns the request id carried by ctx, or "" when there is none
// (work that no request started: workers, commands).
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}
