package seeddata

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"selfcheck/models"
	"selfcheck/scoring"
)

// ledgerOn reports whether the generator prices events: a zero Params (no
// rules) generates history without a ledger.
func (g *Generator) ledgerOn() bool { return len(g.cfg.Params.Rules) > 0 }

// credit appends the credit event of kind and severity occurring at t, whose
// source is the ref-th row of the batch's slice named srcType. Events after
// Now are not yet facts and are skipped.
func (h *firmHistory) credit(kind scoring.Kind, sev scoring.Severity, t time.Time, srcType string, ref int) {
	if !h.g.ledgerOn() || !t.Before(h.now) || h.err != nil {
		return
	}
	pts, expires, rule, err := h.g.cfg.Params.Points(kind, sev, t)
	if err != nil {
		h.err = fmt.Errorf("seeddata: price %s: %w", scoring.RuleID(kind, sev), err)
		return
	}
	h.append(kind, sev, pts, t, expires, rule, srcType, ref)
}

// falseReport appends the penalty for hiding l, detected at t by the ref-th
// finding. It is priced at the grade the firm had when it answered.
func (h *firmHistory) falseReport(l lie, t time.Time, ref int) {
	if !h.g.ledgerOn() || !t.Before(h.now) || h.err != nil {
		return
	}
	grade := scoring.Score(h.g.cfg.Params, h.events, l.answered).Grade
	pts, expires, rule, err := h.g.cfg.Params.FalseReportPoints(grade, l.item.Severity, t)
	if err != nil {
		h.err = fmt.Errorf("seeddata: price false report: %w", err)
		return
	}
	h.append(scoring.KindFalseReport, l.item.Severity, pts, t, expires, rule, "finding", ref)
}

func (h *firmHistory) append(kind scoring.Kind, sev scoring.Severity, pts decimal.Decimal, t, expires time.Time, rule, srcType string, ref int) {
	ev := scoring.Event{Kind: kind, Severity: sev, Occurred: t, Expires: expires, Rule: rule}
	ce := models.CreditEvent{
		EnterpriseID: h.id, Kind: string(kind), Severity: string(sev),
		OccurredAt: t.UTC(), ExpiresAt: expires.UTC(), Rule: rule, SourceType: srcType,
		ParamsID: h.g.cfg.Params.Version, CreatedBy: "seed",
	}
	ev.Points, ce.Points = pts, pts
	h.events = append(h.events, ev)
	h.b.CreditEvents = append(h.b.CreditEvents, models.BatchCreditEvent{CreditEvent: ce, Source: ref})
}
