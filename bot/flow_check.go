package bot

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// checkState is a self-check in progress: the assignment, the version it is
// pinned to, and the questionnaire session's own JSON.
type checkState struct {
	AssignmentID int64           `json:"assignment"`
	VersionID    int64           `json:"version"`
	EnterpriseID int64           `json:"enterprise,omitempty"`
	Household    bool            `json:"household,omitempty"`
	Session      json.RawMessage `json:"session"`
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

// startCheck opens (or resumes) the firm's or the household's open
// self-check and asks the current question.
func (c *chat) startCheck(household bool) ([]Outbound, error) {
	var enterpriseID int64
	var subj questionnaire.Subject
	if household {
		u, err := c.tx.WechatUserByOpenID(c.ctx, c.in.OpenID)
		if err != nil {
			return nil, err
		}
		if u.CommunityCode == "" {
			return c.say("household_need_register"), nil
		}
	} else {
		e, err := c.boundFirm()
		if err != nil {
			return nil, err
		}
		if e == nil {
			return c.say("need_binding"), nil
		}
		enterpriseID = e.ID
		subj = questionnaire.Subject{Tags: e.TagList(), Size: e.Size}
	}
	a, err := c.tx.OpenAssignment(c.ctx, enterpriseID, c.st.UserID)
	if models.ErrorCode(err) == models.ENOTFOUND {
		return c.say("check_none"), nil
	} else if err != nil {
		return nil, err
	}
	t, err := c.templateOf(a.VersionID)
	if err != nil {
		return nil, err
	}
	// A themed campaign asks only the items of its themes.
	if subj.Themes, err = c.tx.CampaignThemes(c.ctx, a.CampaignID); err != nil {
		return nil, err
	}
	var sess *questionnaire.Session
	if cs := c.st.Check; cs != nil && cs.AssignmentID == a.ID {
		if sess, err = questionnaire.ResumeSession(t, cs.Session); err != nil {
			c.b.Logger.Warn("questionnaire session restarted", "assignment", a.ID, "err", err)
			sess = nil
		}
	}
	if sess == nil {
		sess = questionnaire.NewSession(t, subj)
	}
	if err := c.tx.StartAssignment(c.ctx, a.ID); err != nil {
		return nil, err
	}
	c.st.Flow = flowCheck
	c.st.Check = &checkState{AssignmentID: a.ID, VersionID: a.VersionID, EnterpriseID: enterpriseID, Household: household}
	// The count is what the firm's answers so far leave to ask; skip logic
	// may shorten it further as it answers.
	total := len(sess.Items())
	if p, ok := sess.Next(c.now.In(c.b.cfg.Location)); ok {
		total = p.Total
	}
	out := c.say("check_start", "title", t.Title, "total", itoa(total))
	return append(out, c.prompt(sess)...), c.saveCheck(sess)
}

// stepCheck takes one answer or navigation command.
func (c *chat) stepCheck() ([]Outbound, error) {
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
		c.st.Check = nil
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
		id, err := c.tx.AddPhoto(c.ctx, c.in.MediaID, c.st.UserID)
		if err != nil {
			return nil, err
		}
		in.PhotoRef = photoRef(id)
	case KindLocation:
		in.Location = &questionnaire.Location{Lat: c.in.Lat, Lon: c.in.Lon, Label: c.in.Label}
	}
	p, asking := sess.Next(now)
	err = sess.Answer(in, now, c.b.cfg.Location)
	if err == nil && asking {
		if err := c.saveAnswer(sess, p.Item.ID); err != nil {
			return nil, err
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
	if p, ok := sess.Next(c.now.In(c.b.cfg.Location)); ok {
		return []Outbound{{Text: p.Text}}
	}
	return []Outbound{{Text: sess.Summary()}}
}

func (c *chat) saveCheck(sess *questionnaire.Session) error {
	raw, err := sess.MarshalJSON()
	if err != nil {
		return fmt.Errorf("encode questionnaire session: %w", err)
	}
	c.st.Check.Session = raw
	return nil
}

// saveAnswer stores the answer just given, so the dashboard sees progress.
func (c *chat) saveAnswer(sess *questionnaire.Session, itemID string) error {
	for _, a := range sess.Answers() {
		if a.ItemID == itemID {
			row, err := answerRow(a, c.st.UserID, nil)
			if err != nil {
				return err
			}
			row.AssignmentID = c.st.Check.AssignmentID
			return c.tx.SaveAnswer(c.ctx, &row)
		}
	}
	return nil
}

// answerRow converts a questionnaire answer into its stored row.
func answerRow(a questionnaire.Answer, userID int64, compliant *bool) (models.Answer, error) {
	v, err := json.Marshal(a.Value)
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
