package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// checkState is a self-check in progress: the assignment, the version it is
// pinned to, the task's title, the questionnaire session's own
// JSON, and the evidence given with hazard answers. Other tasks the user
// started and left for this one wait in Paused.
type checkState struct {
	AssignmentID int64           `json:"assignment"`
	VersionID    int64           `json:"version"`
	EnterpriseID int64           `json:"enterprise,omitempty"`
	Household    bool            `json:"household,omitempty"`
	Title        string          `json:"title,omitempty"`
	Session      json.RawMessage `json:"session"`
	// Hazard is the evidence step of a hazard answer being asked.
	Hazard *hazardStep `json:"hazard,omitempty"`
	// Evidence are the descriptions and photos given with hazard answers,
	// by item id.
	Evidence map[string]*evidence `json:"evidence,omitempty"`
	Paused   []*checkState        `json:"paused,omitempty"`
}

// templateOf returns the parsed questionnaire version, from the cache when
// it was parsed before (versions are immutable).
func (c *chat) templateOf(versionID int64) (*questionnaire.Template, error) {
	if t, ok := c.b.templates.Load(versionID); ok {
		return t.(*questionnaire.Template), nil
	}
	v, err := c.tx.QuestionnaireVersionByID(c.ctx, versionID)
	if err != nil {
		return nil, err
	}
	return c.b.template(v)
}

// checker is who answers a self-check: a bound firm or a registered
// household, with the subject the questionnaire is fitted to.
type checker struct {
	household    bool
	enterpriseID int64
	subject      questionnaire.Subject
}

// checkerOf returns who answers, or the reply that says what must be done
// first (bind a firm, register an address).
func (c *chat) checkerOf(household bool) (*checker, []Outbound, error) {
	if household {
		u, err := c.tx.WechatUserByOpenID(c.ctx, c.in.OpenID)
		if err != nil {
			return nil, nil, err
		}
		if u.CommunityCode == "" {
			return nil, c.say("household_need_register"), nil
		}
		return &checker{household: true}, nil, nil
	}
	e, err := c.boundFirm()
	if err != nil {
		return nil, nil, err
	}
	if e == nil {
		return nil, c.say("need_binding"), nil
	}
	return &checker{enterpriseID: e.ID, subject: questionnaire.Subject{Tags: e.TagList(), Size: e.Size}}, nil, nil
}

// startCheck resumes the task being answered, opens the only open task, or
// lists the open tasks for the user to choose one.
func (c *chat) startCheck(household bool) ([]Outbound, error) {
	who, out, err := c.checkerOf(household)
	if out != nil || err != nil {
		return out, err
	}
	tasks, err := c.openTasks(who)
	if err != nil {
		return nil, err
	}
	switch {
	case len(tasks) == 0:
		return c.say("check_none"), nil
	case len(tasks) == 1:
		return c.openTask(who, tasks[0], 0)
	}
	if cs := c.st.Check; cs != nil && cs.Household == household {
		for _, t := range tasks {
			if t.ID == cs.AssignmentID {
				return c.openTask(who, t, len(tasks)-1)
			}
		}
	}
	return c.listTasks(who, tasks)
}

// openTask opens task for answering: the saved session when the user
// answered part of it before, else a new one. others is how many other
// tasks are open, mentioned so the user knows it can switch.
func (c *chat) openTask(who *checker, task models.OpenTask, others int) ([]Outbound, error) {
	t, err := c.templateOf(task.VersionID)
	if err != nil {
		return nil, err
	}
	cs := c.takeState(task.ID)
	if cs.AssignmentID != 0 && cs.Household != who.household {
		cs = &checkState{Paused: cs.Paused}
	}
	cs.AssignmentID, cs.VersionID, cs.EnterpriseID, cs.Household = task.ID, task.VersionID, who.enterpriseID, who.household
	cs.Title = taskTitle(task, t)
	var sess *questionnaire.Session
	if len(cs.Session) > 0 {
		if sess, err = questionnaire.ResumeSession(t, cs.Session); err != nil {
			c.b.Logger.Warn("questionnaire session restarted", "assignment", task.ID, "err", err)
			sess, cs.Evidence, cs.Hazard = nil, nil, nil
		}
	}
	if sess == nil {
		subj := who.subject
		subj.Themes = task.Themes // a themed campaign asks only the items of its themes
		sess = questionnaire.NewSession(t, subj)
	}
	if err := c.tx.StartAssignment(c.ctx, task.ID); err != nil {
		return nil, err
	}
	c.st.Flow, c.st.Step, c.st.Tasks = flowCheck, "", nil
	c.st.Check = cs
	n, max := c.estimate(sess)
	count := "约" + itoa(n) + "题"
	if max > n+n/5 {
		count += "（视回答最多" + itoa(max) + "题）"
	}
	key := "check_start"
	if len(sess.Answers()) > 0 {
		key = "check_resume"
	}
	out := c.say(key, "title", cs.Title, "deadline", c.dueText(task.DueAt), "count", count,
		"answered", itoa(len(sess.Answers())))
	if others > 0 {
		out = append(out, c.say("check_others", "n", itoa(others))...)
	}
	if cs.Hazard != nil {
		return append(out, c.hazardPrompt(sess)...), c.saveCheck(sess)
	}
	return append(out, c.prompt(sess)...), c.saveCheck(sess)
}

// takeState returns the saved state of assignment id, the current one or
// one paused, and makes it current; the state it replaces is paused.
func (c *chat) takeState(id int64) *checkState {
	cur := c.st.Check
	if cur != nil && cur.AssignmentID == id {
		return cur
	}
	var found *checkState
	var paused []*checkState
	if cur != nil {
		paused = cur.Paused
		cur.Paused = nil
		if len(cur.Session) > 0 {
			paused = append(paused, cur)
		}
	}
	paused = slices.DeleteFunc(paused, func(p *checkState) bool {
		if p.AssignmentID == id {
			found = p
			return true
		}
		return false
	})
	if found == nil {
		found = &checkState{}
	}
	found.Paused = paused
	return found
}

// stepCheck takes one answer or navigation command, or the choice of a
// task while the open tasks are listed.
func (c *chat) stepCheck() ([]Outbound, error) {
	if c.st.Step == stepChoose {
		return c.chooseTask()
	}
	cs := c.st.Check
	if cs == nil {
		c.st.reset()
		return c.say("help_short"), nil
	}
	t, err := c.templateOf(cs.VersionID)
	if err != nil {
		return nil, err
	}
	sess, err := questionnaire.ResumeSession(t, cs.Session)
	if err != nil {
		c.b.Logger.Warn("questionnaire session lost", "assignment", cs.AssignmentID, "err", err)
		cs.Session, cs.Evidence, cs.Hazard = nil, nil, nil
		return c.startCheck(cs.Household)
	}
	now := c.now.In(c.b.cfg.Location)
	var in questionnaire.Input
	switch c.in.Kind {
	case KindText:
		text := strings.TrimSpace(c.in.Content)
		cmd := questionnaire.ParseCommand(text)
		if cancelWords[strings.ToLower(text)] {
			cmd = questionnaire.CommandQuit
		}
		if cs.Hazard != nil {
			if out, done, err := c.stepHazard(sess, text, cmd); done || err != nil {
				return out, err
			}
		}
		switch cmd {
		case questionnaire.CommandBack:
			return c.after(sess, sess.Back())
		case questionnaire.CommandSkip:
			return c.after(sess, sess.Skip())
		case questionnaire.CommandQuit:
			c.st.Flow, c.st.Step = "", ""
			resume := "企业自查"
			if cs.Household {
				resume = "家庭自查"
			}
			return c.say("check_paused", "resume", resume), c.saveCheck(sess)
		case questionnaire.CommandSummary:
			return []Outbound{{Text: sess.Summary()}}, nil
		case questionnaire.CommandSubmit:
			return c.submitCheck(sess)
		}
		in.Text = text
	case KindImage:
		if cs.Hazard != nil {
			return c.hazardPhoto(sess)
		}
		id, err := c.tx.AddPhoto(c.ctx, c.in.MediaID, c.st.UserID)
		if err != nil {
			return nil, err
		}
		in.PhotoRef = photoRef(id)
	case KindLocation:
		if cs.Hazard != nil {
			return c.hazardPrompt(sess), nil
		}
		in.Location = &questionnaire.Location{Lat: c.in.Lat, Lon: c.in.Lon, Label: c.in.Label}
	}
	p, asking := sess.Next(now)
	err = sess.Answer(in, now, c.b.cfg.Location)
	if err == nil && asking {
		if err := c.saveAnswer(sess, p.Item.ID); err != nil {
			return nil, err
		}
		if !p.Photo {
			if hazard(p.Item, sess) {
				cs.Hazard = &hazardStep{Item: p.Item.ID, Stage: stageNote}
				return c.hazardPrompt(sess), c.saveCheck(sess)
			}
			delete(cs.Evidence, p.Item.ID) // the hazard answer was withdrawn
		}
	}
	return c.after(sess, err)
}

// after replies to a session step: the engine's re-prompt for a rejected
// input, else the next question (or the summary when all are answered).
func (c *chat) after(sess *questionnaire.Session, err error) ([]Outbound, error) {
	var ie *questionnaire.InputError
	if errors.As(err, &ie) {
		return []Outbound{{Text: ie.Message}}, nil
	} else if err != nil {
		return nil, err
	}
	return c.prompt(sess), c.saveCheck(sess)
}

// prompt is the current question, or the summary when every one is
// answered.
func (c *chat) prompt(sess *questionnaire.Session) []Outbound {
	now := c.now.In(c.b.cfg.Location)
	p, ok := sess.Next(now)
	if !ok {
		return []Outbound{{Text: sess.Summary()}}
	}
	// The questionnaire counts the questions that apply given the answers
	// so far; when coming answers are likely to open more, say so rather
	// than 第1/1题.
	if len(sess.Items()) <= p.Total {
		return []Outbound{{Text: p.Text}}
	}
	if n := dryRun(sess, now); n > p.Total {
		head := "第" + itoa(p.Index) + "/" + itoa(p.Total) + "题"
		p.Text = strings.Replace(p.Text, head, "第"+itoa(p.Index)+"题（共约"+itoa(roundCount(n))+"题）", 1)
	}
	return []Outbound{{Text: p.Text}}
}

func (c *chat) saveCheck(sess *questionnaire.Session) error {
	raw, err := sess.MarshalJSON()
	if err != nil {
		return fmt.Errorf("encode questionnaire session: %w", err)
	}
	c.st.Check.Session = raw
	return nil
}

// saveAnswer stores the answer to itemID as it stands, with its evidence,
// so the dashboard sees progress.
func (c *chat) saveAnswer(sess *questionnaire.Session, itemID string) error {
	for _, a := range sess.Answers() {
		if a.ItemID == itemID {
			row, err := answerRow(a, c.st.UserID, nil, c.st.Check.Evidence[itemID])
			if err != nil {
				return err
			}
			row.AssignmentID = c.st.Check.AssignmentID
			return c.tx.SaveAnswer(c.ctx, &row)
		}
	}
	return nil
}

// storedValue is an answer's value as stored: the typed value and, for a
// hazard answer, the firm's description of what is wrong.
type storedValue struct {
	questionnaire.Value
	Note string `json:"note,omitempty"`
}

// answerRow converts a questionnaire answer, with the evidence given with
// it (nil for none), into its stored row.
func answerRow(a questionnaire.Answer, userID int64, compliant *bool, ev *evidence) (models.Answer, error) {
	sv := storedValue{Value: a.Value}
	if ev != nil {
		sv.Note = ev.Note
	}
	v, err := json.Marshal(sv)
	if err != nil {
		return models.Answer{}, fmt.Errorf("encode answer %s: %w", a.ItemID, err)
	}
	row := models.Answer{ItemID: a.ItemID, Value: string(v), Compliant: compliant, AnsweredBy: &userID, AnsweredAt: a.At.UTC()}
	if len(a.Photos) > 0 {
		row.PhotoID = photoID(a.Photos[0])
	}
	if a.Value.Type == questionnaire.TypePhoto && len(a.Value.Photos) > 0 {
		row.PhotoID = photoID(a.Value.Photos[0])
	}
	if row.PhotoID == nil && ev != nil && ev.Photo > 0 {
		id := ev.Photo
		row.PhotoID = &id
	}
	return row, nil
}

// photoRef names a stored photo in questionnaire answers.
func photoRef(id int64) string { return "photo:" + itoa64(id) }

func photoID(ref string) *int64 {
	var id int64
	if _, err := fmt.Sscanf(ref, "photo:%d", &id); err != nil || id <= 0 {
		return nil
	}
	return &id
}
