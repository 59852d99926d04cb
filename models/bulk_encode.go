package models

import (
	"strconv"
	"time"
)

// encode writes the rows of table into w in LOAD DATA's default format and
// returns how many it wrote. Zero CreatedAt and UpdatedAt become now, as
// GORM's inserts do.
func encode(w *tsv, table string, es []Enterprise, b *HistoryBatch, now time.Time) int {
	ts := func(t time.Time) {
		if t.IsZero() {
			t = now
		}
		w.time(t)
	}
	switch table {
	case "enterprises":
		for i := range es {
			e := &es[i]
			w.int(e.ID)
			w.str(e.USCC)
			w.str(e.Name)
			w.str(e.IndustryCode)
			w.str(e.Industry)
			w.str(e.Tags)
			w.str(e.Size)
			w.str(e.StreetCode)
			w.str(e.GridCode)
			w.str(e.Address)
			w.str(SealPII(e.LegalRep))
			w.str(SealPII(e.ContactPhone))
			w.nullFloat(e.Lat)
			w.nullFloat(e.Lon)
			w.str(e.Status)
			ts(e.CreatedAt)
			ts(e.UpdatedAt)
			w.end()
		}
		return len(es)
	case "enterprise_bigrams":
		n := 0
		for i := range es {
			for _, g := range NameBigrams(es[i].Name) {
				w.str(g)
				w.int(es[i].ID)
				w.end()
				n++
			}
		}
		return n
	case "assignments":
		for i := range b.Assignments {
			a := &b.Assignments[i]
			w.int(a.ID)
			w.int(a.CampaignID)
			w.int(a.VersionID)
			w.nullInt(a.EnterpriseID)
			w.nullInt(a.WechatUserID)
			w.str(a.Status)
			w.nullTime(a.DueAt)
			w.nullTime(a.StartedAt)
			w.nullTime(a.SubmittedAt)
			w.nullTime(a.ReviewedAt)
			w.str(a.ReviewedBy)
			w.str(a.ReviewNote)
			ts(a.CreatedAt)
			ts(a.UpdatedAt)
			w.end()
		}
		return len(b.Assignments)
	case "answers":
		for i := range b.Answers {
			a := &b.Answers[i].Answer
			w.int(a.ID)
			w.int(a.AssignmentID)
			w.str(a.ItemID)
			w.str(a.Value)
			w.nullInt(a.PhotoID)
			w.nullBool(a.Compliant)
			w.nullInt(a.AnsweredBy)
			w.time(a.AnsweredAt)
			w.end()
		}
		return len(b.Answers)
	case "visits":
		for i := range b.Visits {
			v := &b.Visits[i]
			w.int(v.ID)
			w.nullInt(v.PlanID)
			w.int(v.EnterpriseID)
			w.time(v.PlannedOn)
			w.str(v.Status)
			w.str(v.Inspectors)
			w.str(v.Items)
			w.int(int64(v.RouteSeq))
			w.str(v.Outcome)
			ts(v.CreatedAt)
			w.nullTime(v.CompletedAt)
			w.end()
		}
		return len(b.Visits)
	case "findings":
		for i := range b.Findings {
			f := &b.Findings[i].Finding
			w.int(f.ID)
			w.int(f.EnterpriseID)
			w.str(f.Source)
			w.nullInt(f.AssignmentID)
			w.nullInt(f.VisitID)
			w.str(f.ItemID)
			w.str(f.Severity)
			w.str(f.Description)
			w.str(f.Status)
			w.time(f.DeadlineAt)
			w.bool(f.Deferred)
			w.nullTime(f.RectifiedAt)
			w.nullTime(f.ClosedAt)
			ts(f.CreatedAt)
			ts(f.UpdatedAt)
			w.end()
		}
		return len(b.Findings)
	case "citizen_reports":
		for i := range b.Reports {
			r := &b.Reports[i]
			w.int(r.ID)
			w.str(r.TicketNo)
			w.nullInt(r.ReporterID)
			w.str(r.Source)
			w.str(r.Category)
			w.str(r.Description)
			w.str(r.Address)
			w.nullFloat(r.Lat)
			w.nullFloat(r.Lon)
			w.nullInt(r.EnterpriseID)
			w.str(r.EnterpriseName)
			w.str(r.StreetCode)
			w.str(r.GridCode)
			w.str(r.Department)
			w.bool(r.Ownerless)
			w.bool(r.Verified)
			w.str(r.Status)
			w.nullTime(r.DeadlineAt)
			w.nullInt(r.MergedIntoID)
			if r.Satisfaction == nil {
				w.null()
			} else {
				w.int(int64(*r.Satisfaction))
			}
			w.str(r.Feedback)
			ts(r.CreatedAt)
			ts(r.UpdatedAt)
			w.nullTime(r.ResolvedAt)
			w.nullTime(r.ClosedAt)
			w.end()
		}
		return len(b.Reports)
	case "report_events":
		for i := range b.ReportEvents {
			e := &b.ReportEvents[i].ReportEvent
			w.int(e.ID)
			w.int(e.ReportID)
			w.str(e.FromStatus)
			w.str(e.ToStatus)
			w.str(e.Actor)
			w.str(e.Note)
			ts(e.CreatedAt)
			w.end()
		}
		return len(b.ReportEvents)
	case "credit_events":
		for i := range b.CreditEvents {
			e := &b.CreditEvents[i].CreditEvent
			w.int(e.ID)
			w.int(e.EnterpriseID)
			w.str(e.Kind)
			w.str(e.Severity)
			w.raw(e.Points.String())
			w.time(e.OccurredAt)
			w.time(e.ExpiresAt)
			w.str(e.Rule)
			w.str(e.SourceType)
			w.int(e.SourceID)
			w.str(e.SourceKey)
			w.int(e.ParamsID)
			w.str(e.Note)
			w.str(e.CreatedBy)
			ts(e.CreatedAt)
			w.end()
		}
		return len(b.CreditEvents)
	case "seed_profiles":
		for i := range b.Profiles {
			p := &b.Profiles[i]
			w.int(p.EnterpriseID)
			w.int(p.Seed)
			w.float(p.Compliance)
			w.float(p.Honesty)
			w.float(p.Diligence)
			w.end()
		}
		return len(b.Profiles)
	}
	panic("bulk load: no encoder for " + table)
}

// tsv builds LOAD DATA's default format: fields ended by a tab, rows by a
// newline, \ escapes, \N for NULL.
type tsv struct{ buf []byte }

func (w *tsv) reset() { w.buf = w.buf[:0] }

// end ends a row, replacing the last field's tab.
func (w *tsv) end() { w.buf[len(w.buf)-1] = '\n' }

func (w *tsv) raw(s string) { w.buf = append(append(w.buf, s...), '\t') }

func (w *tsv) null() { w.buf = append(w.buf, '\\', 'N', '\t') }

func (w *tsv) str(s string) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			w.buf = append(w.buf, '\\', '\\')
		case '\t':
			w.buf = append(w.buf, '\\', 't')
		case '\n':
			w.buf = append(w.buf, '\\', 'n')
		case '\r':
			w.buf = append(w.buf, '\\', 'r')
		case 0:
			w.buf = append(w.buf, '\\', '0')
		default:
			w.buf = append(w.buf, c)
		}
	}
	w.buf = append(w.buf, '\t')
}

func (w *tsv) int(n int64) { w.buf = append(strconv.AppendInt(w.buf, n, 10), '\t') }

func (w *tsv) nullInt(p *int64) {
	if p == nil {
		w.null()
		return
	}
	w.int(*p)
}

func (w *tsv) float(f float64) { w.buf = append(strconv.AppendFloat(w.buf, f, 'g', -1, 64), '\t') }

func (w *tsv) nullFloat(p *float64) {
	if p == nil {
		w.null()
		return
	}
	w.float(*p)
}

func (w *tsv) bool(b bool) {
	if b {
		w.buf = append(w.buf, '1', '\t')
	} else {
		w.buf = append(w.buf, '0', '\t')
	}
}

func (w *tsv) nullBool(p *bool) {
	if p == nil {
		w.null()
		return
	}
	w.bool(*p)
}

// time writes t in UTC to the millisecond, truncated, as the DATETIME(3)
// columns keep it when GORM inserts it (a longer fraction would add a
// truncation note, which the load treats as an error).
func (w *tsv) time(t time.Time) {
	w.buf = append(t.UTC().AppendFormat(w.buf, "2006-01-02 15:04:05.999"), '\t')
}

func (w *tsv) nullTime(p *time.Time) {
	if p == nil {
		w.null()
		return
	}
	w.time(*p)
}
