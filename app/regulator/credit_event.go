package regulator

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"selfcheck/models"
	"selfcheck/scoring"
)

// EventInput is a manual ledger event: an administrative penalty of a
// severity, or a credit repair of some points, with its reason.
type EventInput struct {
	Kind     string `json:"kind" label:"类型" validate:"required,oneof=penalty repair"`
	Severity string `json:"severity" label:"严重程度" validate:"required_if=Kind penalty,omitempty,oneof=一般 较重 严重"`
	Points   string `json:"points" label:"修复分值" validate:"required_if=Kind repair,omitempty,numeric,max=8"`
	Reason   string `json:"reason" label:"事由" validate:"required,min=4,max=500"`
}

// AddEvent prices a manual event on a firm u may change, appends it and
// re-scores the firm, and records it in the audit log, all in one
// transaction. The caller has validated in's fields; points the parameters
// refuse come back as a field problem and nothing is written.
func (s *Service) AddEvent(ctx context.Context, by *models.User, id int64, in EventInput) (*models.CreditEvent, *models.EnterpriseScore, map[string]string, error) {
	if err := s.policy.Gate(by, KindFirm, Change); err != nil {
		return nil, nil, nil, err
	}
	e, err := s.store.Enterprise(ctx, id)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := s.policy.Firm(by, e.StreetCode, Change); err != nil {
		return nil, nil, nil, err
	}
	now := s.now()
	var ev models.CreditEvent
	switch in.Kind {
	case "penalty":
		ev, err = s.credit.Penalty(id, scoring.Severity(in.Severity), now)
		ev.SourceType = "penalty"
	case "repair":
		p, perr := decimal.NewFromString(in.Points)
		if perr != nil {
			return nil, nil, map[string]string{"points": "修复分值必须是数字"}, nil
		}
		if ev, err = s.credit.Repair(id, p, now); err != nil {
			return nil, nil, map[string]string{"points": "修复分值须为正数、最多两位小数且不超过参数规定的上限"}, nil
		}
		ev.SourceType = "manual"
	default:
		return nil, nil, map[string]string{"kind": "未知的类型"}, nil
	}
	if err != nil {
		return nil, nil, nil, err
	}
	ev.SourceKey = ev.SourceType + ":" + randomHex(12)
	ev.Note, ev.CreatedBy = strings.TrimSpace(in.Reason), by.Username
	var after *models.EnterpriseScore
	err = s.store.Tx(ctx, func(tx *models.Store) error {
		before, err := tx.CurrentScore(ctx, id)
		if err != nil && models.ErrorCode(err) != models.ENOTFOUND {
			return err
		}
		if err := tx.AppendAndRescore(ctx, []models.CreditEvent{ev}, s.credit.Scorer(true)); err != nil {
			return err
		}
		if after, err = tx.CurrentScore(ctx, id); err != nil {
			return err
		}
		return tx.Audit(ctx, by.Username, "credit_event.add", "enterprise", strconv.FormatInt(id, 10),
			map[string]any{"score": before}, map[string]any{"event": ev, "score": after})
	})
	if err != nil {
		return nil, nil, nil, err
	}
	return &ev, after, nil, nil
}

// randomHex returns n random bytes in hex.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
