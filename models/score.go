package models

import (
	"time"

	"github.com/shopspring/decimal"
)

// ScoreResult is what a Scorer makes of a firm's ledger. models stores it;
// the credit model itself lives in package scoring, which app plugs in.
type ScoreResult struct {
	Raw, Shown decimal.Decimal
	Grade      string
	Decision   string // exempt, sample, always
	ParamsID   int64
	// Explanation is the stored form of the explanation (JSON); it may be
	// empty for bulk recomputes, since a score can be replayed from the ledger
	// and the parameter version.
	Explanation string
	// NextExpiry is when the earliest event in force stops counting, so the
	// daily job knows to re-score the firm then.
	NextExpiry *time.Time
}

// Scorer computes a firm's score from its whole ledger at time at.
type Scorer func(e *Enterprise, ledger []CreditEvent, at time.Time) ScoreResult

// ScoreSnapshot is a firm's score at one moment, kept for its history curve.
// A snapshot is written whenever the shown score, grade or decision changes.
type ScoreSnapshot struct {
	ID           int64
	EnterpriseID int64
	Raw          decimal.Decimal `gorm:"type:decimal(9,2)"`
	Shown        decimal.Decimal `gorm:"type:decimal(9,2)"`
	Grade        string
	Decision     string
	ParamsID     int64
	Explanation  string
	ComputedAt   time.Time
}

// EnterpriseScore is a firm's current score with the filter columns of the
// ranking copied in.
type EnterpriseScore struct {
	EnterpriseID int64           `gorm:"primaryKey;autoIncrement:false"`
	Raw          decimal.Decimal `gorm:"type:decimal(9,2)"`
	Shown        decimal.Decimal `gorm:"type:decimal(9,2)"`
	PrevShown    *decimal.Decimal
	Grade        string
	Decision     string
	StreetCode   string
	GridCode     string
	Industry     string
	ParamsID     int64
	NextExpiryAt *time.Time
	ComputedAt   time.Time
}

// changed reports whether r differs from the current row in what a person sees.
func (cur *EnterpriseScore) changed(r ScoreResult) bool {
	return cur == nil || !cur.Shown.Equal(r.Shown) || cur.Grade != r.Grade || cur.Decision != r.Decision
}
