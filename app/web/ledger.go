package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"selfcheck/models"
	"selfcheck/scoring"
)

// eventForm is a manual ledger event: an administrative penalty of a
// severity, or a credit repair of some points, with its reason.
type eventForm struct {
	Kind     string `json:"kind" label:"类型" validate:"required,oneof=penalty repair"`
	Severity string `json:"severity" label:"严重程度" validate:"required_if=Kind penalty,omitempty,oneof=一般 较重 严重"`
	Points   string `json:"points" label:"修复分值" validate:"required_if=Kind repair,omitempty,numeric,max=8"`
	Reason   string `json:"reason" label:"事由" validate:"required,min=4,max=500"`
}

// addEvent prices the event, appends it and re-scores the firm, and records
// it in the audit log, all in one transaction. Field problems come back as
// a map and nothing is written.
func (s *Server) addEvent(ctx context.Context, id int64, f eventForm) (*models.CreditEvent, *models.EnterpriseScore, map[string]string, error) {
	f.Reason = strings.TrimSpace(f.Reason)
	if fields := s.check(&f); fields != nil {
		return nil, nil, fields, nil
	}
	u := userFrom(ctx)
	e, err := s.store.Enterprise(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if !s.scopeOf(u).CanWrite(e.StreetCode) {
		return nil, nil, nil, models.Errorf(models.ENOTFOUND, "未找到该企业")
	}
	now := s.now()
	var ev models.CreditEvent
	switch f.Kind {
	case "penalty":
		ev, err = s.credit.Penalty(id, scoring.Severity(f.Severity), now)
		ev.SourceType = "penalty"
	case "repair":
		p, perr := decimal.NewFromString(f.Points)
		if perr != nil {
			return nil, nil, map[string]string{"points": "修复分值必须是数字"}, nil
		}
		if ev, err = s.credit.Repair(id, p, now); err != nil {
			return nil, nil, map[string]string{"points": "修复分值须为正数、最多两位小数且不超过参数规定的上限"}, nil
		}
		ev.SourceType = "manual"
	}
	if err != nil {
		return nil, nil, nil, err
	}
	ev.SourceKey = ev.SourceType + ":" + randomHex(12)
	ev.Note, ev.CreatedBy = f.Reason, u.Username
	var after *models.EnterpriseScore
	err = s.store.Tx(ctx, func(tx *models.Store) error {
		before, err := tx.CurrentScore(ctx, id)
		if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
			return err
		}
		if err := tx.AppendAndRescore(ctx, []models.CreditEvent{ev}, s.credit.Scorer()); err != nil {
			return err
		}
		if after, err = tx.CurrentScore(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, u.Username, "credit_event.add", "enterprise", strconv.FormatInt(id, 10),
			map[string]any{"score": before}, map[string]any{"event": ev, "score": after})
	})
	if err != nil {
		return nil, nil, nil, err
	}
	s.clearDistribution()
	return &ev, after, nil, nil
}

// clearDistribution drops the cached charts after a score changed.
func (s *Server) clearDistribution() {
	s.distMu.Lock()
	clear(s.distCache)
	s.distMu.Unlock()
}

func (s *Server) addEventForm(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	f := eventForm{Kind: r.PostFormValue("kind"), Severity: r.PostFormValue("severity"),
		Points: strings.TrimSpace(r.PostFormValue("points")), Reason: r.PostFormValue("reason")}
	if f.Kind != "penalty" {
		f.Severity = ""
	}
	if f.Kind != "repair" {
		f.Points = ""
	}
	_, _, fields, err := s.addEvent(r.Context(), id, f)
	if err != nil {
		return err
	}
	if fields != nil {
		d, err := s.loadFile(r.Context(), r)
		if err != nil {
			return err
		}
		d.Form, d.Fields = f, fields
		s.render(w, r, http.StatusBadRequest, "enterprise", d)
		return nil
	}
	http.Redirect(w, r, "/admin/enterprises/"+strconv.FormatInt(id, 10)+"?ok=event", http.StatusSeeOther)
	return nil
}

func (s *Server) apiAddEvent(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	var f eventForm
	if err := s.decodeJSON(r, &f); err != nil {
		return err
	}
	ev, score, fields, err := s.addEvent(r.Context(), id, f)
	if err != nil {
		return err
	}
	if fields != nil {
		return fieldsError(fields)
	}
	s.writeJSON(w, http.StatusCreated, map[string]any{"event": ev, "score": score})
	return nil
}
