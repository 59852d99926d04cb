package models

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-sql-driver/mysql"
	"gorm.io/gorm"
)

// EnqueueOutbox inserts messages into the outbox and returns how many were
// new: a message whose MsgKey is already there is left as it is, so enqueuing
// the same notice twice sends it once. Status, NextAttemptAt and CreatedAt
// default to pending, now and now.
func (s *Store) EnqueueOutbox(ctx context.Context, msgs []OutboxMessage) (int64, error) {
	if len(msgs) == 0 {
		return 0, nil
	}
	now := s.now()
	for i := range msgs {
		m := &msgs[i]
		if err := m.Validate(); err != nil {
			return 0, err
		}
		if m.Status == "" {
			m.Status = OutboxPending
		}
		if m.NextAttemptAt.IsZero() {
			m.NextAttemptAt = now
		}
		if m.CreatedAt.IsZero() {
			m.CreatedAt = now
		}
	}
	// Multi-row INSERTs written out by hand (GORM's reflection costs more
	// than the database at this size), in one transaction: a campaign's
	// rows cost one commit, not one per chunk. A row whose key is there
	// already is skipped: INSERT IGNORE on MySQL counts only the new rows.
	insert, conflict, chunk := "INSERT IGNORE INTO outbox ", "", enqueueChunk
	if s.dialect != "mysql" {
		insert, conflict = "INSERT INTO outbox ", " ON CONFLICT (msg_key) DO NOTHING"
	}
	const cols = "(msg_key, kind, topic, openid, payload, status, attempts, next_attempt_at, locked_by, last_error, campaign_id, enterprise_id, created_at)"
	const row = "(?,?,?,?,?,?,?,?,?,?,?,?,?)"
	var n int64
	err := s.Tx(ctx, func(tx *Store) error {
		db := tx.db.WithContext(ctx)
		var sql strings.Builder
		args := make([]any, 0, 13*min(chunk, len(msgs)))
		for start := 0; start < len(msgs); start += chunk {
			part := msgs[start:min(start+chunk, len(msgs))]
			sql.Reset()
			sql.WriteString(insert + cols + " VALUES ")
			args = args[:0]
			for i := range part {
				m := &part[i]
				if i > 0 {
					sql.WriteByte(',')
				}
				sql.WriteString(row)
				args = append(args, m.MsgKey, m.Kind, m.Topic, m.OpenID, m.Payload, m.Status, m.Attempts,
					m.NextAttemptAt, m.LockedBy, m.LastError, m.CampaignID, m.EnterpriseID, m.CreatedAt)
			}
			sql.WriteString(conflict)
			res := db.Exec(sql.String(), args...)
			if res.Error != nil {
				return fmt.Errorf("enqueue %d outbox messages: %w", len(part), res.Error)
			}
			n += res.RowsAffected
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

// enqueueChunk is how many rows one INSERT of EnqueueOutbox carries (13
// placeholders each). On MariaDB 250 to 1,000 rows a statement insert
// 100,000 rows in the same time; 2,000 and 5,000 are a third slower.
const enqueueChunk = 500

// claimSeq makes every claim's locked_by unique, so a claim reads back
// exactly the rows it leased.
var claimSeq atomic.Int64

// ClaimOutbox leases up to limit due pending messages to worker for lease and
// returns them. Each claim counts as an attempt. Any number of workers on any
// replica may claim at once: on MariaDB 10.6+ and MySQL 8 the rows are picked
// with SELECT ... FOR UPDATE SKIP LOCKED; elsewhere (SQLite, older servers)
// one conditional UPDATE takes the lease. Either way the lease also moves
// next_attempt_at past its end, so leased rows leave the due range of the
// index and a dead worker's rows come back when the lease ends.
//
// The leased rows are read back through an index (by id, or by the lease's
// end in ix_outbox_due), never by scanning the pending rows: a claim costs
// the same at the start of a 100,000-message campaign as at its end.
func (s *Store) ClaimOutbox(ctx context.Context, worker string, limit int, lease time.Duration) ([]OutboxMessage, error) {
	now := s.now()
	until := now.Add(lease).Truncate(time.Millisecond) // as DATETIME(3) keeps it
	by := worker + "#" + strconv.FormatInt(claimSeq.Add(1), 36)
	var out []OutboxMessage
	err := retryDeadlock(func() error {
		return s.Tx(ctx, func(tx *Store) error {
			var err error
			out, err = tx.claimTx(ctx, by, now, until, limit)
			return err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("claim outbox for %s: %w", worker, err)
	}
	return out, nil
}

// claimTx is one try of ClaimOutbox, in the transaction s.
func (s *Store) claimTx(ctx context.Context, by string, now, until time.Time, limit int) ([]OutboxMessage, error) {
	due := "status = ? AND next_attempt_at <= ? AND (locked_until IS NULL OR locked_until < ?)"
	db := s.db.WithContext(ctx)
	var out []OutboxMessage
	switch {
	case s.dialect == "mysql" && s.skipLocked(ctx):
		// The rows are read as they are locked, and the lease is written to
		// them and to the copies in hand: two statements a batch.
		err := db.Raw("SELECT * FROM outbox WHERE "+due+" ORDER BY next_attempt_at, id LIMIT ? FOR UPDATE SKIP LOCKED",
			OutboxPending, now, now, limit).Scan(&out).Error
		if err != nil || len(out) == 0 {
			return nil, err
		}
		ids := make([]int64, len(out))
		for i := range out {
			ids[i] = out[i].ID
		}
		err = db.Exec("UPDATE outbox SET locked_by = ?, locked_until = ?, next_attempt_at = ?, attempts = attempts + 1 WHERE id IN ?",
			by, until, until, ids).Error
		if err != nil {
			return nil, err
		}
		for i := range out {
			m, u := &out[i], until
			m.LockedBy, m.LockedUntil, m.NextAttemptAt = by, &u, until
			m.Attempts++
		}
		slices.SortFunc(out, func(a, b OutboxMessage) int { return cmp.Compare(a.ID, b.ID) })
		return out, nil
	case s.dialect == "mysql":
		// MySQL and MariaDB take ORDER BY and LIMIT on a single-table UPDATE.
		err := db.Exec("UPDATE outbox SET locked_by = ?, locked_until = ?, next_attempt_at = ?, attempts = attempts + 1 WHERE "+
			due+" ORDER BY next_attempt_at, id LIMIT ?", by, until, until, OutboxPending, now, now, limit).Error
		if err != nil {
			return nil, err
		}
	default:
		// SQLite runs one writer at a time, so the subquery and the update
		// see the same rows.
		err := db.Exec("UPDATE outbox SET locked_by = ?, locked_until = ?, next_attempt_at = ?, attempts = attempts + 1 WHERE id IN "+
			"(SELECT id FROM outbox WHERE "+due+" ORDER BY next_attempt_at, id LIMIT ?)", by, until, until, OutboxPending, now, now, limit).Error
		if err != nil {
			return nil, err
		}
	}
	// The claimed rows have next_attempt_at = until (as the column keeps it,
	// to the millisecond or second): a short range of ix_outbox_due.
	err := db.Where("status = ? AND next_attempt_at >= ? AND next_attempt_at <= ? AND locked_by = ?",
		OutboxPending, until.Add(-time.Second), until.Add(time.Second), by).Order("id").Find(&out).Error
	return out, err
}

// retryDeadlock runs fn, again up to twice when MySQL/MariaDB picked it as
// a deadlock's victim (error 1213: rolled back, safe to run again). Two
// replicas' claims and marks lock rows of one index in different orders.
func retryDeadlock(fn func() error) error {
	err := fn()
	for try := 1; try < 3 && isDeadlock(err); try++ {
		time.Sleep(time.Duration(try) * 5 * time.Millisecond)
		err = fn()
	}
	return err
}

func isDeadlock(err error) bool {
	var me *mysql.MySQLError
	return errors.As(err, &me) && me.Number == 1213
}

// ReleaseOutbox gives back messages a claim leased but the worker will not
// try (it is stopping): they are due again at once, and the claim does not
// count as an attempt. Only the claim's own lease is released: msgs are as
// ClaimOutbox returned them.
func (s *Store) ReleaseOutbox(ctx context.Context, msgs []OutboxMessage) error {
	byLease := map[string][]int64{}
	for _, m := range msgs {
		byLease[m.LockedBy] = append(byLease[m.LockedBy], m.ID)
	}
	now := s.now()
	for by, ids := range byLease {
		for start := 0; start < len(ids); start += markChunk {
			chunk := ids[start:min(start+markChunk, len(ids))]
			err := retryDeadlock(func() error {
				return s.db.WithContext(ctx).Model(&OutboxMessage{}).
					Where("id IN ? AND status = ? AND locked_by = ?", chunk, OutboxPending, by).
					Updates(map[string]any{"next_attempt_at": now, "locked_by": "", "locked_until": nil, "attempts": gorm.Expr("attempts - 1")}).Error
			})
			if err != nil {
				return fmt.Errorf("release %d outbox messages: %w", len(chunk), err)
			}
		}
	}
	return nil
}

// markChunk is how many ids one UPDATE ... WHERE id IN (...) names.
const markChunk = 1000

// MarkOutboxSent records that the messages were delivered, with one UPDATE
// per markChunk ids (each its own commit: a crash part way leaves the rest
// pending, to be sent again).
func (s *Store) MarkOutboxSent(ctx context.Context, ids ...int64) error {
	now := s.now()
	for start := 0; start < len(ids); start += markChunk {
		chunk := ids[start:min(start+markChunk, len(ids))]
		err := retryDeadlock(func() error {
			return s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("id IN ? AND status = ?", chunk, OutboxPending).
				Updates(map[string]any{"status": OutboxSent, "sent_at": now, "locked_by": "", "locked_until": nil, "last_error": ""}).Error
		})
		if err != nil {
			return fmt.Errorf("mark %d outbox messages sent: %w", len(chunk), err)
		}
	}
	return nil
}

// RetryOutbox releases a message after a failed try, to be tried again at
// next. Only the lease holder's release counts: if the lease ran out and
// another worker claimed the row, this is a no-op.
func (s *Store) RetryOutbox(ctx context.Context, id int64, worker, lastErr string, next time.Time) error {
	err := s.db.WithContext(ctx).Model(&OutboxMessage{}).
		Where("id = ? AND status = ? AND locked_by LIKE ?", id, OutboxPending, worker+"#%").
		Updates(map[string]any{"next_attempt_at": next.UTC(), "locked_by": "", "locked_until": nil, "last_error": clip(lastErr, 1000)}).Error
	if err != nil {
		return fmt.Errorf("retry outbox message %d: %w", id, err)
	}
	return nil
}

// KillOutbox moves a message to the dead letters with the error that ended
// it.
func (s *Store) KillOutbox(ctx context.Context, id int64, lastErr string) error {
	err := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("id = ? AND status = ?", id, OutboxPending).
		Updates(map[string]any{"status": OutboxDead, "locked_by": "", "locked_until": nil, "last_error": clip(lastErr, 1000)}).Error
	if err != nil {
		return fmt.Errorf("dead-letter outbox message %d: %w", id, err)
	}
	return nil
}

// SetOutboxKind changes how a pending message is sent: a customer-service
// message whose 48-hour window closed goes out as a template message. It is
// committed before the template send, so a resend after a crash carries the
// same client_msg_id.
func (s *Store) SetOutboxKind(ctx context.Context, id int64, kind string) error {
	err := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("id = ? AND status = ?", id, OutboxPending).
		Update("kind", kind).Error
	if err != nil {
		return fmt.Errorf("set kind of outbox message %d: %w", id, err)
	}
	return nil
}

// DeadOutbox returns dead letters, newest first, for regulators.
func (s *Store) DeadOutbox(ctx context.Context, limit, offset int) ([]OutboxMessage, error) {
	var out []OutboxMessage
	err := s.db.WithContext(ctx).Where("status = ?", OutboxDead).Order("id DESC").Limit(limit).Offset(offset).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("dead outbox messages: %w", err)
	}
	return out, nil
}

// RequeueOutbox gives a dead letter a fresh set of retries, due now.
func (s *Store) RequeueOutbox(ctx context.Context, id int64) error {
	res := s.db.WithContext(ctx).Model(&OutboxMessage{}).Where("id = ? AND status = ?", id, OutboxDead).
		Updates(map[string]any{"status": OutboxPending, "attempts": 0, "next_attempt_at": s.now()})
	if res.Error != nil {
		return fmt.Errorf("requeue outbox message %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return Errorf(ENOTFOUND, "未找到该失败消息")
	}
	return nil
}

// CountOutbox counts messages by status, of one campaign when campaignID is
// not 0.
func (s *Store) CountOutbox(ctx context.Context, campaignID int64) (OutboxCounts, error) {
	var rows []struct {
		Status string
		N      int64
	}
	q := s.db.WithContext(ctx).Model(&OutboxMessage{}).Select("status, COUNT(*) AS n").Group("status")
	if campaignID != 0 {
		q = q.Where("campaign_id = ?", campaignID)
	}
	if err := q.Scan(&rows).Error; err != nil {
		return OutboxCounts{}, fmt.Errorf("count outbox: %w", err)
	}
	var c OutboxCounts
	for _, r := range rows {
		switch r.Status {
		case OutboxPending:
			c.Pending = r.N
		case OutboxSent:
			c.Sent = r.N
		case OutboxDead:
			c.Dead = r.N
		}
	}
	return c, nil
}

// skipLockedByPool remembers, per connection pool, whether the server takes
// FOR UPDATE SKIP LOCKED; Tx copies the Store but shares the pool.
var skipLockedByPool sync.Map // *sql.DB -> bool

var (
	versionNumber = regexp.MustCompile(`^(\d+)\.(\d+)`)
	isTiDB        = regexp.MustCompile(`(?i)tidb`)
	isMariaDB     = regexp.MustCompile(`(?i)mariadb`)
)

// skipLocked reports whether the MySQL-compatible server supports SKIP
// LOCKED: MariaDB from 10.6, MySQL from 8.0; TiDB and anything unknown take
// the lease fallback.
func (s *Store) skipLocked(ctx context.Context) bool {
	if v, ok := skipLockedByPool.Load(s.sqlDB); ok {
		return v.(bool)
	}
	var version string
	if err := s.sqlDB.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		return false // not remembered: ask again next time
	}
	ok := supportsSkipLocked(version)
	skipLockedByPool.Store(s.sqlDB, ok)
	return ok
}

func supportsSkipLocked(version string) bool {
	m := versionNumber.FindStringSubmatch(version)
	if m == nil || isTiDB.MatchString(version) {
		return false
	}
	major, _ := strconv.Atoi(m[1])
	minor, _ := strconv.Atoi(m[2])
	if isMariaDB.MatchString(version) {
		return major > 10 || major == 10 && minor >= 6
	}
	return major >= 8
}

// clip shortens s to at most n runes.
func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
