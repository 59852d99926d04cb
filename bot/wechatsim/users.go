package wechatsim

import (
	"regexp"
	"time"
)

// Customer-service window rules.
const (
	// CustomWindow is how long after a user's message customer-service
	// messages may be sent to them.
	CustomWindow = 48 * time.Hour
	// CustomPerMessage is how many customer-service messages one user
	// message allows.
	CustomPerMessage = 5
	// EventWindow and CustomPerEvent are the shorter window and quota after
	// a subscribe, scan or menu click.
	EventWindow    = time.Minute
	CustomPerEvent = 3
)

// user is what the account knows of one openid.
type user struct {
	following  bool
	lastMsg    time.Time
	sinceMsg   int
	lastEvent  time.Time
	sinceEvent int
}

// validOpenID is the shape of an openid: letters, digits, - and _.
var validOpenID = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

func (s *Server) userLocked(openID string) *user {
	u, ok := s.users[openID]
	if !ok {
		u = &user{}
		s.users[openID] = u
	}
	return u
}

// Subscribe records that openID follows the account (a subscribe event):
// it opens the short window after an event.
func (s *Server) Subscribe(openID string) {
	s.mu.Lock()
	u := s.userLocked(openID)
	u.following = true
	u.lastEvent, u.sinceEvent = s.nowLocked(), 0
	s.mu.Unlock()
}

// Unsubscribe records that openID stopped following the account: sends to
// them fail with 43004.
func (s *Server) Unsubscribe(openID string) {
	s.mu.Lock()
	s.userLocked(openID).following = false
	s.mu.Unlock()
}

// UserMessage records a message from openID (who therefore follows): it
// opens the 48-hour customer-service window with a fresh quota.
func (s *Server) UserMessage(openID string) {
	s.mu.Lock()
	u := s.userLocked(openID)
	u.following = true
	u.lastMsg, u.sinceMsg = s.nowLocked(), 0
	s.mu.Unlock()
}

// UserEvent records a scan or menu click of openID: it opens the short
// window after an event.
func (s *Server) UserEvent(openID string) {
	s.mu.Lock()
	u := s.userLocked(openID)
	u.following = true
	u.lastEvent, u.sinceEvent = s.nowLocked(), 0
	s.mu.Unlock()
}

// Follower records openID as a follower whose last message was at
// lastMessage (zero: none known), as after a restart of a service whose
// followers the stand-in has not seen write yet.
func (s *Server) Follower(openID string, lastMessage time.Time) {
	s.mu.Lock()
	u := s.userLocked(openID)
	u.following = true
	u.lastMsg, u.sinceMsg = lastMessage, 0
	s.mu.Unlock()
}

// Following reports whether openID follows the account.
func (s *Server) Following(openID string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, ok := s.users[openID]
	return ok && u.following
}

// recipientLocked refuses an openid the account does not know (40003) or
// that does not follow it (43004).
func (s *Server) recipientLocked(openID string) *apiError {
	u, ok := s.users[openID]
	switch {
	case !validOpenID.MatchString(openID) || !ok:
		return &errInvalidOpenID
	case !u.following:
		return &errNotFollowing
	}
	return nil
}

// customAllowedLocked takes one customer-service message from openID's
// quotas: the user's last message allows CustomPerMessage within
// CustomWindow, a subscribe, scan or click CustomPerEvent within
// EventWindow.
func (s *Server) customAllowedLocked(openID string) *apiError {
	u := s.users[openID]
	now := s.nowLocked()
	msgOpen := !u.lastMsg.IsZero() && now.Sub(u.lastMsg) < CustomWindow
	evOpen := !u.lastEvent.IsZero() && now.Sub(u.lastEvent) < EventWindow
	switch {
	case msgOpen && u.sinceMsg < CustomPerMessage:
		u.sinceMsg++
	case evOpen && u.sinceEvent < CustomPerEvent:
		u.sinceEvent++
	case msgOpen || evOpen:
		return &errCustomLimit
	default:
		return &errOutOfWindow
	}
	return nil
}
