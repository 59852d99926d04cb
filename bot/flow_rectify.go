package bot

import (
	"strings"
	"unicode/utf8"

	"selfcheck/models"
)

// rectifyDraft is a fix report or deferral request being written.
type rectifyDraft struct {
	Findings []int64 `json:"findings,omitempty"`
	Finding  int64   `json:"finding,omitempty"`
	Kind     string  `json:"kind,omitempty"`
	Note     string  `json:"note,omitempty"`
	Photos   []int64 `json:"photos,omitempty"`
}

const maxRectifyNote = 500

// startRectify lists the firm's open findings with their deadlines.
func (c *chat) startRectify() ([]Outbound, error) {
	e, err := c.boundFirm()
	if err != nil {
		return nil, err
	}
	if e == nil {
		return c.say("need_binding"), nil
	}
	fs, err := c.tx.OpenFindings(c.ctx, e.ID)
	if err != nil {
		return nil, err
	}
	if len(fs) == 0 {
		return c.say("rectify_none"), nil
	}
	d := &rectifyDraft{}
	var lines []string
	for i, f := range fs {
		line := itoa(i+1) + ". " + clipRunes(f.Description, 60) + "（期限" + f.DeadlineAt.In(c.b.cfg.Location).Format("2006-01-02") + "）"
		if f.Status == models.FindingRectified {
			line += "【已报告整改，待复查】"
		}
		lines = append(lines, line)
		d.Findings = append(d.Findings, f.ID)
	}
	c.st.Flow, c.st.Step, c.st.Rectify = flowRectify, "pick", d
	return c.say("rectify_list", "list", strings.Join(lines, "\n")), nil
}

// stepRectify takes the answer to the current step.
func (c *chat) stepRectify() ([]Outbound, error) {
	d := c.st.Rectify
	if d == nil {
		return c.startRectify()
	}
	text, isText := c.text()
	switch c.st.Step {
	case "pick":
		n, ok := number(text, len(d.Findings))
		if !isText || !ok {
			return c.say("rectify_bad_choice", "max", itoa(len(d.Findings))), nil
		}
		d.Finding, c.st.Step = d.Findings[n-1], "action"
		item, deadline := "第"+itoa(n)+"项", ""
		if e, err := c.boundFirm(); err != nil {
			return nil, err
		} else if e != nil {
			fs, err := c.tx.OpenFindings(c.ctx, e.ID)
			if err != nil {
				return nil, err
			}
			for _, f := range fs {
				if f.ID == d.Finding {
					item, deadline = f.Description, f.DeadlineAt.In(c.b.cfg.Location).Format("2006-01-02")
				}
			}
		}
		return c.say("rectify_ask_action", "item", item, "deadline", deadline), nil
	case "action":
		n, ok := number(text, 2)
		if !isText || !ok {
			return c.say("rectify_bad_choice", "max", "2"), nil
		}
		if n == 1 {
			d.Kind, c.st.Step = models.RectificationFix, "note"
			return c.say("rectify_ask_fix"), nil
		}
		d.Kind, c.st.Step = models.RectificationDefer, "note"
		return c.say("rectify_ask_defer"), nil
	case "note":
		if !isText || text == "" {
			return c.say("rectify_need_text"), nil
		}
		if n := utf8.RuneCountInString(text); n > maxRectifyNote {
			return c.say("text_too_long", "n", itoa(n), "max", itoa(maxRectifyNote)), nil
		}
		d.Note = text
		if d.Kind == models.RectificationDefer {
			return c.fileRectification()
		}
		c.st.Step = "photos"
		return c.say("report_ask_photos"), nil
	case "photos":
		if c.in.Kind == KindImage {
			if len(d.Photos) >= maxReportPhotos {
				return c.say("report_photo_limit"), nil
			}
			id, err := c.tx.AddPhoto(c.ctx, c.in.MediaID, c.st.UserID)
			if err != nil {
				return nil, err
			}
			d.Photos = append(d.Photos, id)
			return c.say("rectify_fix_photo", "n", itoa(len(d.Photos))), nil
		}
		if isText && doneWords[strings.ToLower(text)] {
			return c.fileRectification()
		}
		return c.say("report_ask_photos"), nil
	}
	return c.startRectify()
}

func (c *chat) fileRectification() ([]Outbound, error) {
	d := c.st.Rectify
	e, err := c.boundFirm()
	if err != nil {
		return nil, err
	}
	if e == nil {
		c.st.reset()
		return c.say("need_binding"), nil
	}
	ids := make([]string, len(d.Photos))
	for i, p := range d.Photos {
		ids[i] = itoa64(p)
	}
	r := &models.Rectification{FindingID: d.Finding, Kind: d.Kind, Note: d.Note, Photos: strings.Join(ids, ",")}
	c.st.reset()
	if err := c.tx.AddRectification(c.ctx, e.ID, r); err != nil {
		return c.fail(err)
	}
	if r.Kind == models.RectificationDefer {
		return c.say("rectify_done_defer", "id", itoa64(r.ID)), nil
	}
	return c.say("rectify_done_fix", "id", itoa64(r.ID)), nil
}
