package seeddata

import (
	"strings"
	"time"

	"selfcheck/models"
	"selfcheck/scoring"
)

// rectifyDays is the rectification deadline of a finding by severity.
var rectifyDays = map[scoring.Severity]int{scoring.SeverityGeneral: 10, scoring.SeverityMajor: 20, scoring.SeveritySerious: 30}

// finding returns a new open finding of item it, found or reported at t.
func (h *firmHistory) finding(source string, it Item, t time.Time) models.Finding {
	days := rectifyDays[it.Severity]
	if days == 0 {
		days = 15
	}
	return models.Finding{
		EnterpriseID: h.id, Source: source, ItemID: it.ID, Severity: string(it.Severity),
		Status: models.FindingOpen, DeadlineAt: t.AddDate(0, 0, days).UTC(),
		CreatedAt: t.UTC(), UpdatedAt: t.UTC(),
	}
}

// rectify draws whether and when the ref-th finding of the batch is fixed:
// on time, late, or not at all, as diligent as the firm is.
func (h *firmHistory) rectify(ref int) {
	f := &h.b.Findings[ref-1].Finding
	created, deadline := f.CreatedAt.In(h.now.Location()), f.DeadlineAt.In(h.now.Location())
	sev := scoring.Severity(f.Severity)
	onTime := 0.35 + 0.6*h.f.Profile.Diligence
	var fixed time.Time
	switch u := h.r.Float64(); {
	case u < onTime:
		fixed = h.between(created.Add(time.Hour), deadline)
	case u < onTime+(1-onTime)*0.6:
		fixed = h.between(deadline, deadline.AddDate(0, 0, 30))
	}
	switch {
	case !fixed.IsZero() && fixed.Before(h.now):
		f.RectifiedAt, f.Status, f.UpdatedAt = ptr(fixed.UTC()), models.FindingRectified, fixed.UTC()
		if closed := fixed.Add(48 * time.Hour); closed.Before(h.now) {
			f.ClosedAt, f.Status, f.UpdatedAt = ptr(closed.UTC()), models.FindingClosed, closed.UTC()
		}
		kind := scoring.KindRectifiedOnTime
		if fixed.After(deadline) {
			kind = scoring.KindRectifiedLate
		}
		h.credit(kind, sev, fixed, "finding", ref)
	case deadline.Before(h.now):
		h.credit(scoring.KindNotRectified, sev, deadline, "finding", ref)
	}
}

// visit draws an on-site inspection at t: hidden hazards the firm lied about
// are likely found, and more hazards the less compliant it is.
func (h *firmHistory) visit(t time.Time) {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	v := models.Visit{
		EnterpriseID: h.id, PlannedOn: day.UTC(), Status: "done", Inspectors: "[]",
		CreatedAt: day.AddDate(0, 0, -3).UTC(), CompletedAt: ptr(t.UTC()),
	}
	h.b.Visits = append(h.b.Visits, v)
	vref := len(h.b.Visits)
	type found struct {
		item Item
		lie  *lie
	}
	var hits []found
	for i := range h.lies {
		l := &h.lies[i]
		if !l.found && l.answered.Before(t) && h.r.Float64() < 0.6 {
			l.found = true
			hits = append(hits, found{l.item, l})
		}
	}
	for _, it := range h.some(h.allItems, poisson(h.r, 1.2*(1-h.f.Profile.Compliance))) {
		if !containsItem(hits, it.ID, func(f found) string { return f.item.ID }) {
			hits = append(hits, found{item: it})
		}
	}
	checked := make([]string, 0, len(hits)+4)
	for _, x := range hits {
		checked = append(checked, x.item.ID)
	}
	for _, it := range h.some(h.allItems, 4) {
		if !containsItem(checked, it.ID, func(s string) string { return s }) {
			checked = append(checked, it.ID)
		}
	}
	vis := &h.b.Visits[vref-1]
	vis.Items = `["` + strings.Join(checked, `","`) + `"]`
	if len(checked) == 0 {
		vis.Items = "[]"
	}
	if len(hits) == 0 {
		vis.Outcome = "clean"
		h.credit(scoring.KindCleanAudit, scoring.SeverityNone, t, "visit", vref)
		return
	}
	vis.Outcome = "violations"
	for _, x := range hits {
		h.b.Findings = append(h.b.Findings, models.BatchFinding{Finding: h.finding(models.FindingOnSite, x.item, t), Visit: vref})
		ref := len(h.b.Findings)
		h.credit(scoring.KindFindingOnsite, x.item.Severity, t, "finding", ref)
		if x.lie != nil {
			h.falseReport(*x.lie, t, ref)
		}
		switch x.item.Severity {
		case scoring.SeveritySerious:
			if h.r.Float64() < 0.5 {
				h.credit(scoring.KindPenalty, x.item.Severity, t.AddDate(0, 0, 20), "finding", ref)
			}
		case scoring.SeverityMajor:
			if h.r.Float64() < 0.1 {
				h.credit(scoring.KindPenalty, x.item.Severity, t.AddDate(0, 0, 20), "finding", ref)
			}
		}
		h.rectify(ref)
	}
}

func containsItem[T any](list []T, id string, key func(T) string) bool {
	for _, x := range list {
		if key(x) == id {
			return true
		}
	}
	return false
}

// citizenReports draws the reports citizens filed about the firm, and returns
// when the verified ones were followed up on site.
func (h *firmHistory) citizenReports() []time.Time {
	n := min(poisson(h.r, 0.03+0.6*(1-h.f.Profile.Compliance)*(1-h.f.Profile.Compliance)), 9)
	var visits []time.Time
	e := &h.f.Enterprise
	for k := range n {
		t := h.between(h.start, h.now.Add(-time.Hour))
		c := citizenCategories[h.r.IntN(len(citizenCategories))]
		verified := h.r.Float64() < 0.25+0.6*(1-h.f.Profile.Compliance)
		sev := scoring.SeverityGeneral
		if u := h.r.Float64(); u < 0.03 {
			sev = scoring.SeveritySerious
		} else if u < 0.2 {
			sev = scoring.SeverityMajor
		}
		rep := models.CitizenReport{
			TicketNo: models.TicketNo(t.In(h.now.Location()), h.f.Index*10+k+1),
			Source:   "chat", Category: c.category, Description: c.text, Address: e.Address,
			Lat: e.Lat, Lon: e.Lon, EnterpriseID: &h.id, EnterpriseName: e.Name,
			StreetCode: e.StreetCode, GridCode: e.GridCode, Department: c.department, Verified: verified,
			Status: models.ReportNew, DeadlineAt: ptr(t.AddDate(0, 0, 5).UTC()),
			CreatedAt: t.UTC(), UpdatedAt: t.UTC(),
		}
		steps := []struct {
			status string
			at     time.Time
		}{
			{models.ReportDispatched, t.Add(2 * time.Hour)},
			{models.ReportHandling, t.Add(26 * time.Hour)},
			{models.ReportResolved, t.Add(time.Duration(50+h.r.IntN(100)) * time.Hour)},
			{models.ReportClosed, t.Add(time.Duration(170+h.r.IntN(100)) * time.Hour)},
		}
		h.b.Reports = append(h.b.Reports, rep)
		ref := len(h.b.Reports)
		r := &h.b.Reports[ref-1]
		h.b.ReportEvents = append(h.b.ReportEvents, models.BatchReportEvent{
			ReportEvent: models.ReportEvent{ToStatus: models.ReportNew, Actor: "citizen", CreatedAt: t.UTC()}, Report: ref,
		})
		for _, s := range steps {
			if !s.at.Before(h.now) {
				break
			}
			h.b.ReportEvents = append(h.b.ReportEvents, models.BatchReportEvent{
				ReportEvent: models.ReportEvent{FromStatus: r.Status, ToStatus: s.status, Actor: "seed", CreatedAt: s.at.UTC()}, Report: ref,
			})
			r.Status, r.UpdatedAt = s.status, s.at.UTC()
			switch s.status {
			case models.ReportResolved:
				r.ResolvedAt = ptr(s.at.UTC())
			case models.ReportClosed:
				r.ClosedAt, r.Satisfaction = ptr(s.at.UTC()), ptr(3+h.r.IntN(3))
			}
		}
		if verified && r.ResolvedAt != nil {
			h.credit(scoring.KindCitizenReport, sev, *r.ResolvedAt, "report", ref)
			if follow := t.AddDate(0, 0, 1+h.r.IntN(10)); follow.Before(h.now) {
				visits = append(visits, follow)
			}
		}
	}
	return visits
}
