package wechatsim

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"time"
)

// Fault is a failure the stand-in injects into the next request to a path.
type Fault int

// Faults a test can inject.
const (
	// Fault500 answers 500 Internal Server Error without handling.
	Fault500 Fault = iota + 1
	// FaultSlow waits until the client gives up, without handling.
	FaultSlow
	// FaultLostReply handles the request, then waits until the client gives
	// up, as when the answer is lost: the message was delivered.
	FaultLostReply
	// FaultInvalidToken answers 40001, as for a token refreshed elsewhere.
	FaultInvalidToken
)

// maxHang bounds how long a slow fault holds a request.
const maxHang = 30 * time.Second

// Inject queues faults for the next requests to path (such as
// "/cgi-bin/message/template/send"), one per request, in order.
func (s *Server) Inject(path string, faults ...Fault) {
	s.mu.Lock()
	s.out.faults[path] = append(s.out.faults[path], faults...)
	s.mu.Unlock()
}

// ClearFaults drops every queued fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	clear(s.out.faults)
	s.mu.Unlock()
}

// fault applies the next queued fault for the request's path and reports
// whether it answered the request.
func (s *Server) fault(w http.ResponseWriter, r *http.Request) bool {
	s.mu.Lock()
	q := s.out.faults[r.URL.Path]
	var f Fault
	if len(q) > 0 {
		f, s.out.faults[r.URL.Path] = q[0], q[1:]
	}
	s.mu.Unlock()
	switch f {
	case Fault500:
		http.Error(w, "internal server error", http.StatusInternalServerError)
	case FaultSlow:
		hang(r)
	case FaultLostReply:
		s.mux.ServeHTTP(httptest.NewRecorder(), r)
		hang(r)
	case FaultInvalidToken:
		writeJSON(w, map[string]any{"errcode": errInvalidToken.code, "errmsg": errInvalidToken.msg})
	default:
		return false
	}
	return true
}

func hang(r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-time.After(maxHang):
	}
}

// Down stops a started stand-in: connections are refused until Up.
func (s *Server) Down() {
	if s.ts != nil {
		s.ts.Close()
	}
}

// Up serves a stand-in stopped by Down again, on the same address.
func (s *Server) Up() error {
	addr := s.ts.Listener.Addr().String()
	var l net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if l, err = net.Listen("tcp", addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("listen again on %s: %w", addr, err)
	}
	ts := httptest.NewUnstartedServer(s)
	ts.Listener.Close()
	ts.Listener = l
	ts.Start()
	s.ts = ts
	return nil
}
