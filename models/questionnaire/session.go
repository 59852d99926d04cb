package questionnaire

import (
	"slices"
	"time"
)

// Session is one subject answering one template, one question per message.
// All of its state is in the JSON it marshals to, so the bot can save it
// after every message and any replica can continue it (ResumeSession).
// Answers that stop applying after an earlier answer changes are kept, so
// nothing typed is lost, but are left out of Answers and the Submission.
type Session struct {
	t     *Template
	items []*Item // self-checkable applicable items, template order
	st    sessionState
}

type sessionState struct {
	Template string            `json:"template"`
	Hash     string            `json:"hash"`
	Subject  Subject           `json:"subject"`
	Answers  map[string]Answer `json:"answers"`
	Skipped  []string          `json:"skipped,omitempty"`
	// History lists answered and skipped items in the order they were
	// asked; Revisit indexes it while the user goes back, else it is -1.
	History []string `json:"history,omitempty"`
	Revisit int      `json:"revisit"`
	Today   string   `json:"today,omitempty"`
}

// NewSession starts an empty session of t for subj. Only the template's
// self-checkable items that apply to subj are asked.
func NewSession(t *Template, subj Subject) *Session {
	s := &Session{t: t, st: sessionState{
		Template: t.Slug, Hash: t.Hash, Subject: subj, Answers: map[string]Answer{}, Revisit: -1,
	}}
	s.items = t.SelfCheckItems(subj)
	return s
}

// Template returns the template the session answers.
func (s *Session) Template() *Template { return s.t }

// Subject returns who is answering.
func (s *Session) Subject() Subject { return s.st.Subject }

// Items returns the items this session may ask, before skip logic.
func (s *Session) Items() []*Item { return s.items }

func (s *Session) env() map[string]any {
	return s.t.env(s.st.Answers, s.st.Subject, s.st.Today)
}

// relevantItems returns the items that apply given the answers so far.
func (s *Session) relevantItems(env map[string]any) []*Item {
	var out []*Item
	for _, it := range s.items {
		if it.relevant(s.st.Subject, env) {
			out = append(out, it)
		}
	}
	return out
}

// needsPhoto reports whether answer a to it still lacks its evidence photo.
func (it *Item) needsPhoto(a Answer, env map[string]any) bool {
	if len(a.Photos) > 0 {
		return false
	}
	switch it.Photo {
	case PhotoAlways:
		return true
	case PhotoOnNoncompliant:
		ok, judged := it.compliant(a.Value, env)
		return judged && !ok
	}
	return false
}

// current returns the item being asked and whether it is the evidence-photo
// step of that item; nil when everything is answered.
func (s *Session) current(env map[string]any) (it *Item, photo bool) {
	if s.st.Revisit >= 0 && s.st.Revisit < len(s.st.History) {
		return s.t.Item(s.st.History[s.st.Revisit]), false
	}
	for _, it := range s.relevantItems(env) {
		a, answered := s.st.Answers[it.ID]
		switch {
		case answered && it.needsPhoto(a, env):
			return it, true
		case !answered && !slices.Contains(s.st.Skipped, it.ID):
			return it, false
		}
	}
	return nil, false
}

// tidy drops items that no longer apply from History, keeping Revisit on
// the same item.
func (s *Session) tidy(env map[string]any) {
	keep := map[string]bool{}
	for _, it := range s.relevantItems(env) {
		keep[it.ID] = true
	}
	cur := ""
	if s.st.Revisit >= 0 && s.st.Revisit < len(s.st.History) {
		cur = s.st.History[s.st.Revisit]
	}
	h := s.st.History[:0]
	for _, id := range s.st.History {
		if keep[id] {
			h = append(h, id)
		}
	}
	s.st.History = h
	s.st.Revisit = -1
	if i := slices.Index(h, cur); cur != "" && i >= 0 {
		s.st.Revisit = i
	}
}

func (s *Session) setToday(now time.Time, loc *time.Location) {
	if loc != nil {
		now = now.In(loc)
	}
	s.st.Today = now.Format(DateLayout)
}

// Next returns the prompt for the question to ask now, rendered for chat;
// false when every question is answered and the session awaits Submit. Pass
// now in the service's time zone: it is `today` in expressions.
func (s *Session) Next(now time.Time) (Prompt, bool) {
	s.setToday(now, nil)
	env := s.env()
	s.tidy(env)
	it, photo := s.current(env)
	if it == nil {
		return Prompt{}, false
	}
	return s.prompt(it, photo, env), true
}

// Answer takes one input for the current question. A rejected input returns
// an *InputError whose message is the re-prompt; nothing is stored then.
// After an answer to a revisited question the session returns to the first
// unanswered one.
func (s *Session) Answer(in Input, now time.Time, loc *time.Location) error {
	s.setToday(now, loc)
	env := s.env()
	s.tidy(env)
	it, photo := s.current(env)
	if it == nil {
		return ErrFinished
	}
	if photo {
		if in.PhotoRef == "" {
			return inputErr(it, "请发送一张现场照片作为佐证（点击输入框旁的“+”选择“照片”或“拍摄”）；如需修改答案，请回复“上一题”。")
		}
		a := s.st.Answers[it.ID]
		a.Photos = append(a.Photos, in.PhotoRef)
		s.st.Answers[it.ID] = a
		return nil
	}
	v, err := it.parse(in, now, loc, env)
	if err != nil {
		return err
	}
	a := Answer{ItemID: it.ID, Value: v, Raw: clip(in.Text, 200), At: now}
	if prev, ok := s.st.Answers[it.ID]; ok && it.Photo != PhotoNever {
		a.Photos = prev.Photos
	}
	if it.Type == TypePhoto {
		a.Raw = in.PhotoRef
	}
	s.st.Answers[it.ID] = a
	// Evidence of a non-compliance that the new answer withdrew is dropped.
	if env2 := s.env(); len(a.Photos) > 0 && it.Photo == PhotoOnNoncompliant {
		if ok, judged := it.compliant(v, env2); judged && ok {
			a.Photos = nil
			s.st.Answers[it.ID] = a
		}
	}
	s.st.Skipped = slices.DeleteFunc(s.st.Skipped, func(id string) bool { return id == it.ID })
	s.record(it.ID)
	return nil
}

// record puts id in History (once) and returns to the frontier.
func (s *Session) record(id string) {
	if !slices.Contains(s.st.History, id) {
		s.st.History = append(s.st.History, id)
	}
	s.st.Revisit = -1
	s.tidy(s.env())
}

// Skip leaves the current question unanswered. Required questions and
// evidence photos cannot be skipped: the *InputError says so.
func (s *Session) Skip() error {
	env := s.env()
	s.tidy(env)
	it, photo := s.current(env)
	if it == nil {
		return ErrFinished
	}
	if photo {
		return inputErr(it, "这张佐证照片是必须的，不能跳过。请发送照片，或回复“上一题”修改答案。")
	}
	if it.Required {
		return inputErr(it, "这一题是必答题，不能跳过。"+it.expects())
	}
	delete(s.st.Answers, it.ID)
	if !slices.Contains(s.st.Skipped, it.ID) {
		s.st.Skipped = append(s.st.Skipped, it.ID)
	}
	s.record(it.ID)
	return nil
}

// Back moves to the previous question, keeping its answer until a new one
// is given. From an evidence-photo step it returns to that question.
func (s *Session) Back() error {
	env := s.env()
	s.tidy(env)
	switch {
	case s.st.Revisit > 0:
		s.st.Revisit--
	case s.st.Revisit == 0 || len(s.st.History) == 0:
		return ErrNoPrevious
	default:
		s.st.Revisit = len(s.st.History) - 1
	}
	return nil
}

// Done reports whether every question has an answer (or was skipped).
func (s *Session) Done() bool {
	env := s.env()
	s.tidy(env)
	it, _ := s.current(env)
	return it == nil
}

// Answers returns the answers that count: those of items that still apply,
// in question order. Persist them (or the session JSON) after each Answer.
func (s *Session) Answers() []Answer {
	env := s.env()
	var out []Answer
	for _, it := range s.relevantItems(env) {
		if a, ok := s.st.Answers[it.ID]; ok {
			out = append(out, a)
		}
	}
	return out
}

// Skipped returns the ids of the questions the user skipped.
func (s *Session) Skipped() []string { return slices.Clone(s.st.Skipped) }
