package bot

import (
	"strings"
	"unicode/utf8"

	"selfcheck/models"
)

// reportDraft is a citizen report being written.
type reportDraft struct {
	Category    string   `json:"category,omitempty"`
	Description string   `json:"description,omitempty"`
	Photos      []int64  `json:"photos,omitempty"`
	Address     string   `json:"address,omitempty"`
	Lat         *float64 `json:"lat,omitempty"`
	Lon         *float64 `json:"lon,omitempty"`
}

// Report limits.
const (
	maxReportPhotos = 3
	minDescription  = 5
	maxDescription  = 500
)

// doneWords end an optional step (photos, firm name).
var doneWords = map[string]bool{"好了": true, "好": true, "完成": true, "没有": true, "无": true, "跳过": true, "ok": true, "不需要": true}

func (c *chat) startReport() ([]Outbound, error) {
	c.st.Flow, c.st.Step, c.st.Report = flowReport, "category", &reportDraft{}
	return c.say("report_ask_category", "list", c.categoryList()), nil
}

// categoryList numbers the report categories offered to citizens, as
// labels.yaml lists them.
func (c *chat) categoryList() string {
	var b strings.Builder
	for i, cat := range c.b.labels.ReportCategories() {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(itoa(i+1) + ". " + cat.Name)
	}
	return b.String()
}

// stepReport takes the answer to the current step of the report.
func (c *chat) stepReport() ([]Outbound, error) {
	r := c.st.Report
	if r == nil {
		return c.startReport()
	}
	text, isText := c.text()
	switch c.st.Step {
	case "category":
		max := itoa(len(c.b.labels.ReportCategories()))
		if !isText {
			return c.say("report_need_text", "prompt", c.b.texts.say("report_bad_category", "max", max)), nil
		}
		cat, ok := c.b.labels.ParseReportCategory(text)
		if !ok {
			return c.say("report_bad_category", "max", max), nil
		}
		r.Category, c.st.Step = cat.Name, "description"
		return c.say("report_ask_description", "category", cat.Name), nil
	case "description":
		if !isText {
			return c.say("report_need_text", "prompt", c.b.texts.say("report_ask_description", "category", r.Category)), nil
		}
		switch n := utf8.RuneCountInString(text); {
		case n < minDescription:
			return c.say("report_description_short"), nil
		case n > maxDescription:
			return c.say("report_description_long", "n", itoa(n)), nil
		}
		r.Description, c.st.Step = text, "photos"
		return c.say("report_ask_photos"), nil
	case "photos":
		switch {
		case c.in.Kind == KindImage:
			if len(r.Photos) >= maxReportPhotos {
				return c.say("report_photo_limit"), nil
			}
			id, err := c.tx.AddPhoto(c.ctx, c.in.MediaID, c.st.UserID)
			if err != nil {
				return nil, err
			}
			r.Photos = append(r.Photos, id)
			return c.say("report_photo_saved", "n", itoa(len(r.Photos))), nil
		case c.in.Kind == KindLocation:
			c.st.Step = "location"
			return c.stepReport()
		case isText && doneWords[strings.ToLower(text)]:
			c.st.Step = "location"
			return c.say("report_ask_location"), nil
		}
		return c.say("report_ask_photos"), nil
	case "location":
		switch {
		case c.in.Kind == KindLocation:
			lat, lon := c.in.Lat, c.in.Lon
			r.Lat, r.Lon, r.Address = &lat, &lon, clipRunes(c.in.Label, 120)
		case isText && utf8.RuneCountInString(text) >= 2 && utf8.RuneCountInString(text) <= 120:
			r.Address = text
		case isText && utf8.RuneCountInString(text) > 120:
			return c.say("text_too_long", "n", itoa(utf8.RuneCountInString(text)), "max", "120"), nil
		default:
			return c.say("report_ask_location"), nil
		}
		c.st.Step = "enterprise"
		return c.say("report_ask_enterprise"), nil
	case "enterprise":
		if !isText {
			return c.say("report_need_text", "prompt", c.b.texts.say("report_ask_enterprise")), nil
		}
		name := ""
		if !doneWords[strings.ToLower(text)] {
			if n := utf8.RuneCountInString(text); n > 100 {
				return c.say("text_too_long", "n", itoa(n), "max", "100"), nil
			}
			name = text
		}
		return c.fileReport(name)
	}
	return c.startReport()
}

// fileReport stores the finished report and answers with its ticket. The
// reporter is kept only as a user id, never shown to the firm.
func (c *chat) fileReport(firm string) ([]Outbound, error) {
	r := c.st.Report
	u, err := c.tx.WechatUserByOpenID(c.ctx, c.in.OpenID)
	if err != nil {
		return nil, err
	}
	row := &models.CitizenReport{
		ReporterID: &u.ID, Source: "chat", Category: r.Category, Description: r.Description,
		Address: r.Address, Lat: r.Lat, Lon: r.Lon, EnterpriseName: firm,
		StreetCode: u.StreetCode, GridCode: u.CommunityCode,
	}
	if err := c.tx.CreateReport(c.ctx, row, r.Photos, c.b.cfg.Location); err != nil {
		return c.fail(err)
	}
	c.st.reset()
	return c.say("report_done", "ticket", row.TicketNo, "category", row.Category), nil
}
