package questionnaire

import (
	"encoding/json"
	"fmt"
	"slices"
)

// MarshalJSON saves the whole session state; ResumeSession restores it.
func (s *Session) MarshalJSON() ([]byte, error) { return json.Marshal(s.st) }

// ResumeSession restores a session saved with MarshalJSON. t must be the
// template version the session was started on (same slug and hash): load the
// pinned version's Source with Parse when the shipped one has changed.
func ResumeSession(t *Template, data []byte) (*Session, error) {
	var st sessionState
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("resume questionnaire session: %w", err)
	}
	if st.Template != t.Slug || st.Hash != t.Hash {
		return nil, fmt.Errorf("resume questionnaire session: saved for %s@%.12s, template is %s@%.12s", st.Template, st.Hash, t.Slug, t.Hash)
	}
	if st.Answers == nil {
		st.Answers = map[string]Answer{}
	}
	s := &Session{t: t, st: st}
	s.items = t.SelfCheckItems(st.Subject)
	// Drop what the template does not know, so a hand-edited or corrupted
	// state cannot point outside it.
	for id := range s.st.Answers {
		if t.Item(id) == nil {
			delete(s.st.Answers, id)
		}
	}
	unknown := func(id string) bool { return t.Item(id) == nil }
	s.st.Skipped = slices.DeleteFunc(s.st.Skipped, unknown)
	s.st.History = slices.DeleteFunc(s.st.History, unknown)
	if s.st.Revisit < -1 || s.st.Revisit >= len(s.st.History) {
		s.st.Revisit = -1
	}
	return s, nil
}

// RestoreSession rebuilds a session from answers stored one by one (and the
// ids of skipped questions). It lands on the first question that still
// needs an answer or an evidence photo.
func RestoreSession(t *Template, subj Subject, answers []Answer, skipped []string) *Session {
	s := NewSession(t, subj)
	for _, a := range answers {
		if t.Item(a.ItemID) != nil {
			s.st.Answers[a.ItemID] = a
		}
	}
	for _, id := range skipped {
		if _, answered := s.st.Answers[id]; t.Item(id) != nil && !answered {
			s.st.Skipped = append(s.st.Skipped, id)
		}
	}
	for _, it := range s.items {
		_, answered := s.st.Answers[it.ID]
		if answered || slices.Contains(s.st.Skipped, it.ID) {
			s.st.History = append(s.st.History, it.ID)
		}
	}
	s.tidy(s.env())
	return s
}
