package models

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
)

// NextIDs are the ids the next rows of each table written through a BulkLoad
// take: the callers assign them, so that rows can refer to each other before
// they are written and several transactions can write at once.
type NextIDs struct {
	Enterprise, Assignment, Answer, Visit, Finding, Report, ReportEvent, CreditEvent int64
}

// BulkLoad writes generated firms and their history with ids the caller
// assigned from NextIDs, in one transaction per Write. It is the seed
// command's fast path and holds, while open, a lock that keeps a second
// BulkLoad off the same database (MySQL/MariaDB; SQLite serializes writers
// anyway, and a clash of ids there fails its transaction). Seeding is offline:
// another process inserting into the same tables while a BulkLoad is open may
// take an id the load assigned, and then one of the two fails.
//
// On MySQL/MariaDB each Write streams its rows with LOAD DATA LOCAL INFILE on
// a connection of its own, so up to Writers() Writes may run at once; on
// SQLite Writes are multi-row INSERTs, one at a time.
type BulkLoad struct {
	s     *Store
	next  NextIDs
	lock  *sql.Conn // MySQL: the connection holding the named lock
	name  string    // of the lock
	conns chan *sql.Conn
	all   []*sql.Conn
	mu    sync.Mutex // SQLite: one Write at a time

	closed atomic.Bool
}

// BulkOptions tune a BulkLoad.
type BulkOptions struct {
	// Writers is how many Writes may run at once on MySQL/MariaDB (3 when 0).
	// SQLite always has one.
	Writers int
}

// ErrSeedRunning is returned by BeginBulkLoad while another BulkLoad holds
// the same database.
var ErrSeedRunning = Errorf(ECONFLICT, "另一个数据生成任务正在写入该数据库")

// BeginBulkLoad takes the database's bulk-load lock (failing at once with
// ErrSeedRunning when another load holds it), reads the next free id of each
// table (MAX(id)+1) and readies the writers. Close releases everything.
func (s *Store) BeginBulkLoad(ctx context.Context, o BulkOptions) (*BulkLoad, error) {
	l := &BulkLoad{s: s}
	if s.dialect == "mysql" {
		if err := checkBulkColumns(s.db); err != nil {
			return nil, err
		}
		if err := l.takeLock(ctx); err != nil {
			return nil, err
		}
		n := o.Writers
		if n <= 0 {
			n = 3
		}
		l.conns = make(chan *sql.Conn, n)
		for range n {
			// unique_checks=0 and foreign_key_checks=0 made no measurable
			// difference and would let a duplicate in a unique index through
			// unseen, so the sessions keep the defaults.
			c, err := s.sqlDB.Conn(ctx)
			if err != nil {
				l.Close()
				return nil, fmt.Errorf("bulk load: connect: %w", err)
			}
			l.all = append(l.all, c)
			l.conns <- c
		}
	}
	var err error
	if l.next, err = s.nextIDs(ctx); err != nil {
		l.Close()
		return nil, err
	}
	return l, nil
}

// takeLock takes a named lock per database on a connection kept for the
// load's lifetime.
func (l *BulkLoad) takeLock(ctx context.Context) error {
	c, err := l.s.sqlDB.Conn(ctx)
	if err != nil {
		return fmt.Errorf("bulk load: connect: %w", err)
	}
	var db string
	if err := c.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&db); err != nil {
		c.Close()
		return fmt.Errorf("bulk load: database name: %w", err)
	}
	// Lock names are server-wide and at most 64 characters.
	sum := sha256.Sum256([]byte(db))
	name := "selfcheck_seed_" + hex.EncodeToString(sum[:16])
	var got sql.NullInt64
	if err := c.QueryRowContext(ctx, "SELECT GET_LOCK(?, 0)", name).Scan(&got); err != nil {
		c.Close()
		return fmt.Errorf("bulk load: take lock: %w", err)
	}
	if got.Int64 != 1 {
		c.Close()
		return ErrSeedRunning
	}
	l.lock, l.name = c, name
	return nil
}

// nextIDs reads MAX(id)+1 of every table a BulkLoad writes.
func (s *Store) nextIDs(ctx context.Context) (NextIDs, error) {
	var n NextIDs
	for _, t := range []struct {
		table string
		id    *int64
	}{
		{"enterprises", &n.Enterprise}, {"assignments", &n.Assignment}, {"answers", &n.Answer},
		{"visits", &n.Visit}, {"findings", &n.Finding}, {"citizen_reports", &n.Report},
		{"report_events", &n.ReportEvent}, {"credit_events", &n.CreditEvent},
	} {
		var max sql.NullInt64
		if err := s.sqlDB.QueryRowContext(ctx, "SELECT MAX(id) FROM "+t.table).Scan(&max); err != nil {
			return n, fmt.Errorf("bulk load: next id of %s: %w", t.table, err)
		}
		*t.id = max.Int64 + 1
	}
	return n, nil
}

// NextIDs returns the first free id of each table when the load began.
func (l *BulkLoad) NextIDs() NextIDs { return l.next }

// Writers returns how many Writes may usefully run at once.
func (l *BulkLoad) Writers() int {
	if l.conns == nil {
		return 1
	}
	return cap(l.conns)
}

// Close releases the writers' connections and the lock. It is safe to call
// more than once.
func (l *BulkLoad) Close() error {
	if l.closed.Swap(true) {
		return nil
	}
	ctx := context.Background()
	var errs []error
	for _, c := range l.all {
		errs = append(errs, c.Close())
	}
	if l.lock != nil {
		_, err := l.lock.ExecContext(ctx, "DO RELEASE_LOCK(?)", l.name)
		errs = append(errs, err, l.lock.Close())
	}
	return errors.Join(errs...)
}

// Write stores firms es and history b in one transaction. Every row must have
// its id and b its references resolved (HistoryBatch.AssignIDs); the ids must
// be fresh. b may not hold campaigns. Write may be called concurrently up to
// Writers() times.
func (l *BulkLoad) Write(ctx context.Context, es []Enterprise, b *HistoryBatch) error {
	if l.closed.Load() {
		return errors.New("bulk load: closed")
	}
	if err := b.checkResolved(); err != nil {
		return err
	}
	for i := range es {
		if es[i].ID == 0 {
			return fmt.Errorf("bulk load: firm %s has no id", es[i].USCC)
		}
	}
	if l.conns == nil {
		l.mu.Lock()
		defer l.mu.Unlock()
		return l.s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
			n := l.s.rowsPerInsert()
			if len(es) > 0 {
				if err := tx.CreateInBatches(es, n).Error; err != nil {
					return fmt.Errorf("insert enterprises: %w", err)
				}
				if err := insertBigrams(tx, es, n); err != nil {
					return err
				}
			}
			return l.s.insertHistory(tx, b)
		})
	}
	var c *sql.Conn
	select {
	case c = <-l.conns:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { l.conns <- c }()
	return l.loadMySQL(ctx, c, es, b)
}

// checkResolved reports a batch row whose id or reference is still to fill.
func (b *HistoryBatch) checkResolved() error {
	if len(b.Campaigns) > 0 {
		return errors.New("bulk load: campaigns go through InsertHistory")
	}
	bad := func(what string, i int) error {
		return fmt.Errorf("bulk load: %s %d has no id or an unresolved reference: call AssignIDs", what, i)
	}
	for i := range b.Assignments {
		if b.Assignments[i].ID == 0 {
			return bad("assignment", i)
		}
	}
	for i, a := range b.Answers {
		if a.ID == 0 || a.Assignment != 0 {
			return bad("answer", i)
		}
	}
	for i := range b.Visits {
		if b.Visits[i].ID == 0 {
			return bad("visit", i)
		}
	}
	for i, f := range b.Findings {
		if f.ID == 0 || f.Assignment != 0 || f.Visit != 0 {
			return bad("finding", i)
		}
	}
	for i := range b.Reports {
		if b.Reports[i].ID == 0 {
			return bad("report", i)
		}
	}
	for i, e := range b.ReportEvents {
		if e.ID == 0 || e.Report != 0 {
			return bad("report event", i)
		}
	}
	for i, e := range b.CreditEvents {
		if e.ID == 0 || e.Source != 0 || e.SourceKey == "" {
			return bad("credit event", i)
		}
	}
	return nil
}

// bulkTable is how a table is written by LOAD DATA: its columns, in the order
// the row encoder writes them.
type bulkTable struct {
	name  string
	model any
	cols  []string
}

var bulkTables = []bulkTable{
	{"enterprises", &Enterprise{}, []string{"id", "uscc", "name", "industry_code", "industry", "tags", "size", "street_code",
		"grid_code", "address", "legal_rep", "contact_phone", "lat", "lon", "status", "created_at", "updated_at"}},
	{"enterprise_bigrams", &enterpriseBigram{}, []string{"gram", "enterprise_id"}},
	{"assignments", &Assignment{}, []string{"id", "campaign_id", "version_id", "enterprise_id", "wechat_user_id", "status",
		"due_at", "started_at", "submitted_at", "reviewed_at", "reviewed_by", "review_note", "created_at", "updated_at"}},
	{"answers", &Answer{}, []string{"id", "assignment_id", "item_id", "value", "photo_id", "compliant", "answered_by", "answered_at"}},
	{"visits", &Visit{}, []string{"id", "plan_id", "enterprise_id", "planned_on", "status", "inspectors", "items", "route_seq",
		"outcome", "created_at", "completed_at"}},
	{"findings", &Finding{}, []string{"id", "enterprise_id", "source", "assignment_id", "visit_id", "item_id", "severity",
		"description", "status", "deadline_at", "deferred", "rectified_at", "closed_at", "created_at", "updated_at"}},
	{"citizen_reports", &CitizenReport{}, []string{"id", "ticket_no", "reporter_id", "source", "category", "description",
		"address", "lat", "lon", "enterprise_id", "enterprise_name", "street_code", "grid_code", "department", "ownerless",
		"verified", "status", "deadline_at", "merged_into_id", "satisfaction", "feedback", "created_at", "updated_at",
		"resolved_at", "closed_at"}},
	{"report_events", &ReportEvent{}, []string{"id", "report_id", "from_status", "to_status", "actor", "note", "created_at"}},
	{"credit_events", &CreditEvent{}, []string{"id", "enterprise_id", "kind", "severity", "points", "occurred_at",
		"expires_at", "rule", "source_type", "source_id", "source_key", "params_id", "note", "created_by", "created_at"}},
	{"seed_profiles", &SeedProfile{}, []string{"enterprise_id", "seed", "compliance", "honesty", "diligence"}},
}

var (
	bulkColumnsOnce sync.Once
	bulkColumnsErr  error
)

// checkBulkColumns makes sure the encoders below write every column GORM
// knows of each model: a field added to a model must be added here too, or
// the bulk path would silently store its zero value.
func checkBulkColumns(db *gorm.DB) error {
	bulkColumnsOnce.Do(func() {
		var errs []error
		for _, t := range bulkTables {
			stmt := &gorm.Statement{DB: db}
			if err := stmt.Parse(t.model); err != nil {
				errs = append(errs, err)
				continue
			}
			got := slices.Clone(stmt.Schema.DBNames)
			want := slices.Clone(t.cols)
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				errs = append(errs, fmt.Errorf("bulk load: the columns of %s are %v, the bulk encoder writes %v: update models/bulk_store.go", t.name, got, want))
			}
		}
		bulkColumnsErr = errors.Join(errs...)
	})
	return bulkColumnsErr
}

var readerSeq atomic.Int64

// loadMySQL writes one Write's rows in a transaction on c, one LOAD DATA per
// table, and checks each loaded every row without a warning (LOAD DATA LOCAL
// turns errors such as a duplicate key into warnings and skipped rows).
func (l *BulkLoad) loadMySQL(ctx context.Context, c *sql.Conn, es []Enterprise, b *HistoryBatch) (err error) {
	tx, err := c.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("bulk load: begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	now := l.s.now()
	var w tsv
	for _, t := range bulkTables {
		w.reset()
		rows := encode(&w, t.name, es, b, now)
		if rows == 0 {
			continue
		}
		name := "selfcheck_bulk_" + strconv.FormatInt(readerSeq.Add(1), 10)
		data := w.buf
		mysql.RegisterReaderHandler(name, func() io.Reader { return bytes.NewReader(data) })
		q := "LOAD DATA LOCAL INFILE 'Reader::" + name + "' INTO TABLE " + t.name +
			" CHARACTER SET utf8mb4 (" + joinCols(t.cols) + ")"
		res, err := tx.ExecContext(ctx, q)
		mysql.DeregisterReaderHandler(name)
		if err != nil {
			return fmt.Errorf("bulk load %s: %w", t.name, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("bulk load %s: %w", t.name, err)
		}
		var warnings int
		if err := tx.QueryRowContext(ctx, "SELECT @@warning_count").Scan(&warnings); err != nil {
			return fmt.Errorf("bulk load %s: %w", t.name, err)
		}
		if n != int64(rows) || warnings > 0 {
			msg := ""
			if r, err := tx.QueryContext(ctx, "SHOW WARNINGS LIMIT 3"); err == nil {
				for r.Next() {
					var level, text string
					var code int
					if r.Scan(&level, &code, &text) == nil {
						msg += "; " + text
					}
				}
				r.Close()
			}
			return Errorf(ECONFLICT, "批量写入%s：%d 行中写入 %d 行，%d 个警告%s", t.name, rows, n, warnings, msg)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("bulk load: commit: %w", err)
	}
	return nil
}

func joinCols(cols []string) string {
	out := ""
	for i, c := range cols {
		if i > 0 {
			out += ","
		}
		out += "`" + c + "`"
	}
	return out
}
