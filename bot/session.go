package bot

import (
	"encoding/json"
	"time"
)

// session is the state of one chat, saved in conversations (as JSON) in the
// transaction of every message, so any replica continues it.
type session struct {
	UserID int64     `json:"uid,omitempty"`
	Seen   time.Time `json:"seen,omitempty"`
	// Flow is the conversation in progress ("" when idle) and Step its step.
	Flow     string         `json:"flow,omitempty"`
	Step     string         `json:"step,omitempty"`
	Bind     *bindDraft     `json:"bind,omitempty"`
	Report   *reportDraft   `json:"report,omitempty"`
	Check    *checkState    `json:"check,omitempty"`
	Rectify  *rectifyDraft  `json:"rectify,omitempty"`
	Register *registerDraft `json:"register,omitempty"`
	// Tickets are the reports 查询进度 listed, by their number in the list.
	Tickets []string `json:"tickets,omitempty"`
	// Tasks are the open self-checks listed for the user to choose from.
	Tasks *taskChoice `json:"tasks,omitempty"`
	// More holds the next pages of a reply too long for one message, each
	// sent when the user replies 更多.
	More []string `json:"more,omitempty"`
	// LastKey and LastReply are the latest message handled and the reply
	// given: a retry of that message gets the same reply.
	LastKey   string     `json:"last_key,omitempty"`
	LastReply []Outbound `json:"last_reply,omitempty"`
}

// reset leaves any flow; questionnaire progress stays in Check.
func (s *session) reset() {
	s.Flow, s.Step = "", ""
	s.Bind, s.Report, s.Rectify, s.Register, s.Tickets, s.Tasks = nil, nil, nil, nil, nil, nil
}

// decodeSession reads saved state; empty or unreadable state is a new chat
// (a corrupted row must not lock a user out).
func decodeSession(raw string) (*session, bool) {
	st := &session{}
	if raw == "" {
		return st, true
	}
	if err := json.Unmarshal([]byte(raw), st); err != nil {
		return &session{}, false
	}
	return st, true
}

// shape is the session's state without the latest message and reply: what
// a message that changes nothing leaves as it found.
func (s *session) shape() (string, error) {
	t := *s
	t.LastKey, t.LastReply = "", nil
	return t.encode()
}

func (s *session) encode() (string, error) {
	b, err := json.Marshal(s)
	return string(b), err
}
