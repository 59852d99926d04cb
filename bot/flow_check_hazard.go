package bot

import (
	"strings"
	"unicode/utf8"

	"selfcheck/models/questionnaire"
)

// A hazard answer (否 to a yes/no checklist item whose compliant answer is
// 是, or the reverse) is followed by two optional evidence steps: a short
// description of what is wrong, then a photo. Both are stored with the
// answer and copied into the finding the submission opens.
const (
	stageNote  = "note"
	stagePhoto = "photo"
	// maxHazardNote bounds the description, in characters.
	maxHazardNote = 200
)

// hazardStep is the evidence step being asked for item.
type hazardStep struct {
	Item  string `json:"item"`
	Stage string `json:"stage"`
	// Photo is set once a photo came during the step.
	Photo bool `json:"photo,omitempty"`
}

// evidence is what the user gave with a hazard answer: a description and a
// stored photo (0 for none).
type evidence struct {
	Note  string `json:"note,omitempty"`
	Photo int64  `json:"photo,omitempty"`
}

// hazard reports whether the session's answer to it makes a yes/no
// checklist item non-compliant.
func hazard(it *questionnaire.Item, sess *questionnaire.Session) bool {
	if it.Type != questionnaire.TypeYesNo || it.CompliantAnswer == nil {
		return false
	}
	for _, a := range sess.Answers() {
		if a.ItemID == it.ID {
			return a.Value.Bool != nil && *a.Value.Bool != *it.CompliantAnswer
		}
	}
	return false
}

// evidenceOf returns the evidence of item, creating it.
func (cs *checkState) evidenceOf(item string) *evidence {
	if cs.Evidence == nil {
		cs.Evidence = map[string]*evidence{}
	}
	ev := cs.Evidence[item]
	if ev == nil {
		ev = &evidence{}
		cs.Evidence[item] = ev
	}
	return ev
}

// hazardPrompt asks for the evidence of the current hazard step.
func (c *chat) hazardPrompt(sess *questionnaire.Session) []Outbound {
	h := c.st.Check.Hazard
	it := sess.Template().Item(h.Item)
	if it == nil {
		c.st.Check.Hazard = nil
		return c.prompt(sess)
	}
	if h.Stage == stagePhoto {
		return c.say("hazard_ask_photo")
	}
	answer := ""
	for _, a := range sess.Answers() {
		if a.ItemID == it.ID {
			answer = it.Display(a.Value)
		}
	}
	short := it.Short
	if short == "" {
		short = it.Text
	}
	return c.say("hazard_ask_note", "answer", answer, "item", short, "max", itoa(maxHazardNote))
}

// stepHazard takes a text message during a hazard step. done is false when
// the message is a command the questionnaire handles as usual (上一题,
// 退出, 汇总, 提交); 上一题 and 提交 leave the step.
func (c *chat) stepHazard(sess *questionnaire.Session, text string, cmd questionnaire.Command) (out []Outbound, done bool, err error) {
	cs := c.st.Check
	h := cs.Hazard
	switch cmd {
	case questionnaire.CommandBack, questionnaire.CommandSubmit:
		cs.Hazard = nil
		return nil, false, nil
	case questionnaire.CommandQuit, questionnaire.CommandSummary:
		return nil, false, nil
	}
	skip := cmd == questionnaire.CommandSkip || doneWords[strings.ToLower(text)]
	if h.Stage == stagePhoto {
		if !skip {
			return c.hazardPrompt(sess), true, nil
		}
		cs.Hazard = nil
		return c.prompt(sess), true, c.saveCheck(sess)
	}
	var head []Outbound
	if !skip {
		if n := utf8.RuneCountInString(text); n > maxHazardNote {
			return c.say("text_too_long", "n", itoa(n), "max", itoa(maxHazardNote)), true, nil
		}
		cs.evidenceOf(h.Item).Note = text
		if err := c.saveAnswer(sess, h.Item); err != nil {
			return nil, true, err
		}
		head = c.say("hazard_noted")
	}
	return append(head, c.hazardNext(sess)...), true, c.saveCheck(sess)
}

// hazardNext moves past the description: to the photo the checklist
// requires (asked by the questionnaire), to the optional photo, or, when a
// photo came already, to the next question.
func (c *chat) hazardNext(sess *questionnaire.Session) []Outbound {
	cs := c.st.Check
	h := cs.Hazard
	p, ok := sess.Next(c.now.In(c.b.cfg.Location))
	wanted := ok && p.Photo && p.Item.ID == h.Item
	if wanted || h.Photo {
		cs.Hazard = nil
		return c.prompt(sess)
	}
	h.Stage = stagePhoto
	return c.hazardPrompt(sess)
}

// hazardPhoto takes a photo sent during a hazard step: the checklist's
// required photo when it asks for one, else the optional evidence.
func (c *chat) hazardPhoto(sess *questionnaire.Session) ([]Outbound, error) {
	cs := c.st.Check
	h := cs.Hazard
	id, err := c.tx.AddPhoto(c.ctx, c.in.MediaID, c.st.UserID)
	if err != nil {
		return nil, err
	}
	now := c.now.In(c.b.cfg.Location)
	if p, ok := sess.Next(now); ok && p.Photo && p.Item.ID == h.Item {
		if err := sess.Answer(questionnaire.Input{PhotoRef: photoRef(id)}, now, c.b.cfg.Location); err != nil {
			return c.after(sess, err)
		}
	} else {
		cs.evidenceOf(h.Item).Photo = id
	}
	if err := c.saveAnswer(sess, h.Item); err != nil {
		return nil, err
	}
	h.Photo = true
	out := c.say("hazard_photo_saved")
	if h.Stage == stageNote {
		// The description may still follow; the photo step is done.
		return append(out, c.hazardPrompt(sess)...), c.saveCheck(sess)
	}
	cs.Hazard = nil
	return append(out, c.prompt(sess)...), c.saveCheck(sess)
}
