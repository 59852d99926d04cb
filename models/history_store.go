package models

import (
	"context"
	"fmt"
	"strconv"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// HistoryBatch is a set of new history rows written together by InsertHistory:
// the generator of synthetic districts writes a few thousand firms' past at a
// time, and an import of historical records can do the same. Rows may refer to
// rows of the same batch whose ids are not known yet: each Batch* wrapper holds
// a 1-based index into the batch's slice of the referred type (0: keep the id
// already set in the row). InsertHistory fills in every id.
type HistoryBatch struct {
	Campaigns    []Campaign
	Assignments  []Assignment // CampaignID must be set
	Answers      []BatchAnswer
	Visits       []Visit
	Findings     []BatchFinding
	Reports      []CitizenReport
	ReportEvents []BatchReportEvent
	CreditEvents []BatchCreditEvent
	Profiles     []SeedProfile
}

// BatchAnswer is an answer to the Assignment-th assignment of its batch.
type BatchAnswer struct {
	Answer
	Assignment int
}

// BatchFinding is a finding of the Assignment-th assignment (self-reported) or
// the Visit-th visit (found on site) of its batch.
type BatchFinding struct {
	Finding
	Assignment, Visit int
}

// BatchReportEvent is a status change of the Report-th report of its batch.
type BatchReportEvent struct {
	ReportEvent
	Report int
}

// BatchCreditEvent is a ledger entry whose source is the Source-th row of the
// batch's slice named by SourceType (assignment, visit, finding or report).
// When Source is set and SourceKey is empty, the key becomes
// "SourceType:SourceID:Kind", so replaying a batch appends nothing twice.
type BatchCreditEvent struct {
	CreditEvent
	Source int
}

// Len returns the number of rows in b.
func (b *HistoryBatch) Len() int {
	return len(b.Campaigns) + len(b.Assignments) + len(b.Answers) + len(b.Visits) + len(b.Findings) +
		len(b.Reports) + len(b.ReportEvents) + len(b.CreditEvents) + len(b.Profiles)
}

// InsertHistory writes every row of b in one transaction, in dependency order,
// and fills in the ids of b's rows and the references between them.
func (s *Store) InsertHistory(ctx context.Context, b *HistoryBatch) error {
	if b.Len() == 0 {
		return nil
	}
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		return s.insertHistory(tx, b)
	})
}

func (s *Store) insertHistory(tx *gorm.DB, b *HistoryBatch) error {
	n := s.rowsPerInsert()
	if err := create(tx, n, "campaigns", b.Campaigns); err != nil {
		return err
	}
	if err := create(tx, n, "assignments", b.Assignments); err != nil {
		return err
	}
	answers := make([]Answer, len(b.Answers))
	for i, a := range b.Answers {
		if a.Assignment > 0 {
			a.AssignmentID = b.Assignments[a.Assignment-1].ID
		}
		answers[i] = a.Answer
	}
	if err := create(tx, n, "answers", answers); err != nil {
		return err
	}
	for i := range answers {
		b.Answers[i].Answer = answers[i]
	}
	if err := create(tx, n, "visits", b.Visits); err != nil {
		return err
	}
	findings := make([]Finding, len(b.Findings))
	for i, f := range b.Findings {
		if f.Assignment > 0 {
			f.AssignmentID = &b.Assignments[f.Assignment-1].ID
		}
		if f.Visit > 0 {
			f.VisitID = &b.Visits[f.Visit-1].ID
		}
		findings[i] = f.Finding
	}
	if err := create(tx, n, "findings", findings); err != nil {
		return err
	}
	for i := range findings {
		b.Findings[i].Finding = findings[i]
	}
	if err := create(tx, n, "citizen reports", b.Reports); err != nil {
		return err
	}
	events := make([]ReportEvent, len(b.ReportEvents))
	for i, e := range b.ReportEvents {
		if e.Report > 0 {
			e.ReportID = b.Reports[e.Report-1].ID
		}
		events[i] = e.ReportEvent
	}
	if err := create(tx, n, "report events", events); err != nil {
		return err
	}
	for i := range events {
		b.ReportEvents[i].ReportEvent = events[i]
	}
	if err := s.insertLedger(tx, b); err != nil {
		return err
	}
	return insertSeedProfiles(tx, n, b.Profiles)
}

// insertLedger resolves the sources of b's credit events and appends them.
func (s *Store) insertLedger(tx *gorm.DB, b *HistoryBatch) error {
	if len(b.CreditEvents) == 0 {
		return nil
	}
	ledger := make([]CreditEvent, len(b.CreditEvents))
	for i, e := range b.CreditEvents {
		if e.Source > 0 {
			id, err := b.sourceID(e.SourceType, e.Source)
			if err != nil {
				return fmt.Errorf("credit event %d: %w", i, err)
			}
			e.SourceID = id
			if e.SourceKey == "" {
				e.SourceKey = fmt.Sprintf("%s:%d:%s", e.SourceType, id, e.Kind)
			}
		}
		ledger[i] = e.CreditEvent
	}
	// As AppendCreditEvents, in statements sized for the dialect.
	err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(ledger, s.rowsPerInsert()).Error
	if err != nil {
		return fmt.Errorf("append credit events: %w", err)
	}
	for i := range ledger {
		b.CreditEvents[i].CreditEvent = ledger[i]
	}
	return nil
}

// sourceID returns the id of the n-th (1-based) row of the slice named typ.
func (b *HistoryBatch) sourceID(typ string, n int) (int64, error) {
	var size int
	switch typ {
	case "assignment":
		size = len(b.Assignments)
	case "visit":
		size = len(b.Visits)
	case "finding":
		size = len(b.Findings)
	case "report":
		size = len(b.Reports)
	default:
		return 0, fmt.Errorf("source type %q cannot refer into a batch", typ)
	}
	if n < 1 || n > size {
		return 0, fmt.Errorf("source %s #%d: the batch has %d", typ, n, size)
	}
	switch typ {
	case "assignment":
		return b.Assignments[n-1].ID, nil
	case "visit":
		return b.Visits[n-1].ID, nil
	case "finding":
		return b.Findings[n-1].ID, nil
	}
	return b.Reports[n-1].ID, nil
}

// sqliteBatch is the rows per INSERT on SQLite. Its driver matches each
// placeholder to its argument by a linear search, so a statement's cost grows
// with the square of its placeholders: short statements are much faster
// there, while MySQL wants long ones to save round trips.
const sqliteBatch = 20

// rowsPerInsert is how many rows one multi-row INSERT should carry.
func (s *Store) rowsPerInsert() int {
	if s.dialect == "sqlite" {
		return sqliteBatch
	}
	return batchSize
}

// create inserts rows in multi-row statements of n rows and fills in their ids.
func create[T any](tx *gorm.DB, n int, what string, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	if err := tx.CreateInBatches(rows, n).Error; err != nil {
		return fmt.Errorf("insert %s: %w", what, err)
	}
	return nil
}

// AssignIDs gives every row of b but its campaigns the next ids of next,
// which it advances, and resolves the references between b's rows to those
// ids, as InsertHistory would after writing them: b is then ready for
// BulkLoad.Write. Credit events with a source in the batch get their
// SourceKey as InsertHistory gives it. Rows that already have an id keep it.
func (b *HistoryBatch) AssignIDs(next *NextIDs) error {
	assign := func(id *int64, counter *int64) {
		if *id == 0 {
			*id = *counter
			*counter++
		}
	}
	for i := range b.Assignments {
		assign(&b.Assignments[i].ID, &next.Assignment)
	}
	for i := range b.Visits {
		assign(&b.Visits[i].ID, &next.Visit)
	}
	for i := range b.Reports {
		assign(&b.Reports[i].ID, &next.Report)
	}
	for i := range b.Answers {
		a := &b.Answers[i]
		assign(&a.ID, &next.Answer)
		if a.Assignment > 0 {
			if a.Assignment > len(b.Assignments) {
				return fmt.Errorf("answer %d: assignment #%d: the batch has %d", i, a.Assignment, len(b.Assignments))
			}
			a.AssignmentID, a.Assignment = b.Assignments[a.Assignment-1].ID, 0
		}
	}
	for i := range b.Findings {
		f := &b.Findings[i]
		assign(&f.ID, &next.Finding)
		if f.Assignment > 0 {
			if f.Assignment > len(b.Assignments) {
				return fmt.Errorf("finding %d: assignment #%d: the batch has %d", i, f.Assignment, len(b.Assignments))
			}
			f.AssignmentID, f.Assignment = &b.Assignments[f.Assignment-1].ID, 0
		}
		if f.Visit > 0 {
			if f.Visit > len(b.Visits) {
				return fmt.Errorf("finding %d: visit #%d: the batch has %d", i, f.Visit, len(b.Visits))
			}
			f.VisitID, f.Visit = &b.Visits[f.Visit-1].ID, 0
		}
	}
	for i := range b.ReportEvents {
		e := &b.ReportEvents[i]
		assign(&e.ID, &next.ReportEvent)
		if e.Report > 0 {
			if e.Report > len(b.Reports) {
				return fmt.Errorf("report event %d: report #%d: the batch has %d", i, e.Report, len(b.Reports))
			}
			e.ReportID, e.Report = b.Reports[e.Report-1].ID, 0
		}
	}
	for i := range b.CreditEvents {
		e := &b.CreditEvents[i]
		assign(&e.ID, &next.CreditEvent)
		if e.Source > 0 {
			id, err := b.sourceID(e.SourceType, e.Source)
			if err != nil {
				return fmt.Errorf("credit event %d: %w", i, err)
			}
			e.SourceID, e.Source = id, 0
			if e.SourceKey == "" {
				e.SourceKey = e.SourceType + ":" + strconv.FormatInt(id, 10) + ":" + e.Kind
			}
		}
	}
	return nil
}
