package models

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CreditEvent is one entry of the append-only credit ledger: a fact about a
// firm with the points it carries, when it stops counting, the rule that
// priced it and the record it came from. Rows are never updated.
type CreditEvent struct {
	ID           int64
	EnterpriseID int64
	Kind         string
	Severity     string
	Points       decimal.Decimal `gorm:"type:decimal(9,2)"`
	OccurredAt   time.Time
	ExpiresAt    time.Time
	Rule         string
	SourceType   string // assignment, finding, report, visit, penalty, manual
	SourceID     int64
	// SourceKey makes appending the same fact twice a no-op, e.g.
	// "finding:42:finding_onsite".
	SourceKey string
	ParamsID  int64
	Note      string
	CreatedBy string
	CreatedAt time.Time
}

// AppendCreditEvents adds events to the ledger, skipping any whose SourceKey is
// already there, and returns how many were new. tx may be nil to use the
// store's own connection, or a transaction the caller is in.
func (s *Store) AppendCreditEvents(ctx context.Context, tx *gorm.DB, events []CreditEvent) (int64, error) {
	if len(events) == 0 {
		return 0, nil
	}
	if tx == nil {
		tx = s.db
	}
	for i := range events {
		if events[i].CreatedAt.IsZero() {
			events[i].CreatedAt = s.now()
		}
	}
	res := tx.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(events, s.rowsPerInsert())
	if res.Error != nil {
		return 0, fmt.Errorf("append credit events: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// CreditEvents returns a firm's whole ledger, oldest first.
func (s *Store) CreditEvents(ctx context.Context, enterpriseID int64) ([]CreditEvent, error) {
	var evs []CreditEvent
	err := s.db.WithContext(ctx).Where("enterprise_id = ?", enterpriseID).Order("occurred_at, id").Find(&evs).Error
	if err != nil {
		return nil, fmt.Errorf("credit events of %d: %w", enterpriseID, err)
	}
	return evs, nil
}
