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
		line := itoa(i+1) + ". " + clipWithEllipsis(f.Description, 80) + "（" + c.lastDay(f.DeadlineAt) + "前）"
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
		bad := c.say("rectify_bad_choice", "max", itoa(len(d.Findings)))
		if !isText {
			return bad, nil
		}
		e, err := c.boundFirm()
		if err != nil {
			return nil, err
		} else if e == nil {
			c.st.reset()
			return c.say("need_binding"), nil
		}
		fs, err := c.tx.OpenFindings(c.ctx, e.ID)
		if err != nil {
			return nil, err
		}
		f := pickFinding(fs, d.Findings, text)
		if f == nil {
			return bad, nil
		}
		d.Finding, c.st.Step = f.ID, "action"
		return c.say("rectify_ask_action", "item", f.Description, "deadline", c.lastDay(f.DeadlineAt)+"前"), nil
	case "action":
		n, ok := number(text, 2)
		switch {
		case fixWords[text]:
			n, ok = 1, true
		case deferWords[text]:
			n, ok = 2, true
		}
		if !isText || !ok {
			return c.say("rectify_bad_action"), nil
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

// clipWithEllipsis cuts s to at most n characters, marking a cut with …
func clipWithEllipsis(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return clipRunes(s, n-1) + "…"
}

// fixWords and deferWords choose the action on a finding in words.
var (
	fixWords   = map[string]bool{"已整改": true, "整改完成": true, "报告整改": true, "已完成": true}
	deferWords = map[string]bool{"延期": true, "申请延期": true}
)

// pickFinding returns the listed finding (ids in list order) that text
// names: its number in the list, or words of its description that only it
// contains; nil when none or several match.
func pickFinding(fs []models.Finding, ids []int64, text string) *models.Finding {
	byID := map[int64]*models.Finding{}
	for i := range fs {
		byID[fs[i].ID] = &fs[i]
	}
	if n, ok := number(text, len(ids)); ok {
		return byID[ids[n-1]]
	}
	if utf8.RuneCountInString(text) < 2 {
		return nil
	}
	var found *models.Finding
	for _, id := range ids {
		if f := byID[id]; f != nil && strings.Contains(f.Description, text) {
			if found != nil {
				return nil
			}
			found = f
		}
	}
	return found
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
