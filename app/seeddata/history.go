package seeddata

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"selfcheck/models"
	"selfcheck/scoring"
)

// firmHistory draws one firm's past into a batch.
type firmHistory struct {
	g          *Generator
	r          *rand.Rand
	b          *models.HistoryBatch
	f          *Firm
	id         int64
	start, now time.Time
	selfItems  []Item // applicable and asked in self-checks
	allItems   []Item // applicable
	// events is the firm's ledger so far, to know its grade at an instant.
	events []scoring.Event
	lies   []lie
	err    error
}

// lie is a hazard the firm answered "compliant" in a self-check.
type lie struct {
	item     Item
	answered time.Time
	found    bool
}

// AppendHistory adds to b the history of firm f, stored with id enterpriseID:
// its self-check assignments of the campaigns (campaignIDs are the ids of
// Campaigns(), in order), findings, visits, citizen reports and the credit
// events they earned, and its hidden profile. References between the new rows
// are batch indexes that models.Store.InsertHistory, or
// models.HistoryBatch.AssignIDs before a bulk load, resolves.
func (g *Generator) AppendHistory(b *models.HistoryBatch, f Firm, enterpriseID int64, campaignIDs []int64) error {
	if len(campaignIDs) != len(campaignPlans) {
		return fmt.Errorf("seeddata: %d campaign ids for %d campaigns", len(campaignIDs), len(campaignPlans))
	}
	h := &firmHistory{
		g: g, r: g.rng(f.Index, 2), b: b, f: &f, id: enterpriseID,
		start: g.cfg.Now.AddDate(0, -HistoryMonths, 0), now: g.cfg.Now,
	}
	tags := f.Enterprise.TagList()
	for _, it := range g.items {
		if len(it.Tags) > 0 && !slices.ContainsFunc(it.Tags, func(t string) bool { return slices.Contains(tags, t) }) {
			continue
		}
		h.allItems = append(h.allItems, it)
		if it.SelfCheckable {
			h.selfItems = append(h.selfItems, it)
		}
	}
	for k := range campaignPlans {
		if targets(k, tags) {
			h.selfCheck(k, campaignIDs[k])
		}
	}
	visits := h.citizenReports()
	n := poisson(h.r, 0.25+2.2*math.Pow(1-f.Profile.Compliance, 1.5))
	for range n {
		visits = append(visits, h.between(h.start, h.now.Add(-24*time.Hour)))
	}
	slices.SortFunc(visits, func(a, b time.Time) int { return a.Compare(b) })
	for _, t := range visits {
		h.visit(t)
	}
	b.Profiles = append(b.Profiles, models.SeedProfile{
		EnterpriseID: enterpriseID, Seed: int64(g.cfg.Seed),
		Compliance: f.Profile.Compliance, Honesty: f.Profile.Honesty, Diligence: f.Profile.Diligence,
	})
	return h.err
}

// selfCheck draws the firm's assignment of campaign k: submitted on time,
// late or not at all, and the hazards it reports or hides.
func (h *firmHistory) selfCheck(k int, campaignID int64) {
	push, due := h.g.campaignDates(k)
	p := h.f.Profile
	a := models.Assignment{
		CampaignID: campaignID, VersionID: h.g.cfg.QuestionnaireVersionID, EnterpriseID: &h.id,
		DueAt: ptr(due.UTC()), CreatedAt: push.UTC(), UpdatedAt: push.UTC(),
	}
	var submitted time.Time
	u := h.r.Float64()
	onTime := 0.3 + 0.65*p.Diligence
	late := onTime + (1-onTime)*0.55
	switch {
	case campaignPlans[k].open:
		a.Status = models.AssignmentPending
		if h.f.Index == 0 {
			// The demo firm keeps its current self-check pending, so that a
			// newcomer can answer it in the simulator.
			break
		}
		if u < 0.5*p.Diligence {
			submitted = h.between(push, h.now)
			a.Status = models.AssignmentSubmitted
		} else if u < 0.5*p.Diligence+0.15 {
			a.Status = models.AssignmentInProgress
			a.StartedAt = ptr(h.between(push, h.now).UTC())
		}
	case u < onTime:
		submitted = h.between(push, due)
	case u < late:
		submitted = h.between(due, due.AddDate(0, 0, 25))
	default:
		a.Status = models.AssignmentOverdue
	}
	if !submitted.IsZero() {
		a.StartedAt, a.SubmittedAt = ptr(submitted.Add(-20*time.Minute).UTC()), ptr(submitted.UTC())
		a.UpdatedAt = submitted.UTC()
		if a.Status == "" {
			a.Status = models.AssignmentAccepted
			a.ReviewedAt, a.ReviewedBy = ptr(submitted.Add(50*time.Hour).UTC()), "seed"
		}
	}
	h.b.Assignments = append(h.b.Assignments, a)
	ref := len(h.b.Assignments)
	switch {
	case campaignPlans[k].open:
	case a.Status == models.AssignmentOverdue:
		h.credit(scoring.KindSelfCheckMissed, scoring.SeverityNone, due, "assignment", ref)
	case submitted.Before(due):
		h.credit(scoring.KindSelfCheckOnTime, scoring.SeverityNone, submitted, "assignment", ref)
	default:
		h.credit(scoring.KindSelfCheckLate, scoring.SeverityNone, submitted, "assignment", ref)
	}
	if submitted.IsZero() {
		return
	}
	for _, it := range h.some(h.selfItems, poisson(h.r, 1.6*(1-p.Compliance))) {
		honest := h.r.Float64() < p.Honesty
		h.b.Answers = append(h.b.Answers, models.BatchAnswer{
			Answer:     models.Answer{ItemID: it.ID, Value: fmt.Sprint(!honest), Compliant: ptr(!honest), AnsweredAt: submitted.UTC()},
			Assignment: ref,
		})
		if !honest {
			h.lies = append(h.lies, lie{item: it, answered: submitted})
			continue
		}
		h.b.Findings = append(h.b.Findings, models.BatchFinding{
			Finding:    h.finding(models.FindingSelfReported, it, submitted),
			Assignment: ref,
		})
		h.credit(scoring.KindFindingSelfReported, it.Severity, submitted, "finding", len(h.b.Findings))
		h.rectify(len(h.b.Findings))
	}
}

// some returns n distinct items of list (fewer when list is shorter).
func (h *firmHistory) some(list []Item, n int) []Item {
	n = min(n, len(list))
	if n == 0 {
		return nil
	}
	out := make([]Item, 0, n)
	for _, i := range h.r.Perm(len(list))[:n] {
		out = append(out, list[i])
	}
	return out
}

// between returns a random instant in [from, to), to the second.
func (h *firmHistory) between(from, to time.Time) time.Time {
	if !to.After(from) {
		return from
	}
	d := to.Sub(from)
	return from.Add(time.Duration(h.r.Int64N(int64(d/time.Second))) * time.Second)
}

// poisson draws a Poisson variable of mean lambda (Knuth; lambda is small).
func poisson(r *rand.Rand, lambda float64) int {
	limit, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= r.Float64()
		if p <= limit || k >= 20 {
			return k
		}
		k++
	}
}
