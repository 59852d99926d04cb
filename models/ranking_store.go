package models

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/shopspring/decimal"
)

// Ranking sort orders.
const (
	SortScoreDesc = "score_desc"
	SortScoreAsc  = "score_asc"
)

// MaxRankingLimit bounds a ranking page.
const MaxRankingLimit = 500

// searchCandidateLimit is the most firms a search may match for the ranking
// to start from the matches; a broader search scans the ranking order and
// checks each firm's name instead, which is fast exactly because many match.
const searchCandidateLimit = 2000

// RankingFilter selects, orders and pages the credit ranking. Empty fields do
// not filter.
type RankingFilter struct {
	Street   string
	Grid     string
	Industry string
	Grade    string
	// Query is a part of a firm's name, or the start of its 统一社会信用代码.
	Query string
	Sort  string // SortScoreDesc (default) or SortScoreAsc
	// After is the cursor of the last row of the previous page ("" for the
	// first page), as returned in RankingPage.Next.
	After string
	Limit int
}

// RankingRow is one firm of the ranking.
type RankingRow struct {
	EnterpriseID int64            `json:"enterprise_id"`
	USCC         string           `json:"uscc" gorm:"column:uscc"`
	Name         string           `json:"name"`
	Shown        decimal.Decimal  `json:"score"`
	PrevShown    *decimal.Decimal `json:"previous_score"`
	Grade        string           `json:"grade"`
	Decision     string           `json:"decision"`
	StreetCode   string           `json:"street_code"`
	GridCode     string           `json:"grid_code"`
	Industry     string           `json:"industry"`
	ComputedAt   time.Time        `json:"computed_at"`
}

// Trend is the change of the shown score since the previous score: +, - or
// "" when it did not change or there is no previous score.
func (r RankingRow) Trend() string {
	switch {
	case r.PrevShown == nil:
		return ""
	case r.Shown.GreaterThan(*r.PrevShown):
		return "+"
	case r.Shown.LessThan(*r.PrevShown):
		return "-"
	}
	return ""
}

// Delta is the change of the shown score since the previous score.
func (r RankingRow) Delta() decimal.Decimal {
	if r.PrevShown == nil {
		return decimal.Zero
	}
	return r.Shown.Sub(*r.PrevShown)
}

// RankingPage is one page of the ranking; Next is the cursor of the next
// page, "" on the last.
type RankingPage struct {
	Rows []RankingRow `json:"items"`
	Next string       `json:"next"`
}

// cursor is a position in the ranking order.
type cursor struct {
	shown decimal.Decimal
	id    int64
}

func (c cursor) String() string { return c.shown.StringFixed(2) + "_" + strconv.FormatInt(c.id, 10) }

func parseCursor(s string) (cursor, error) {
	a, b, ok := strings.Cut(s, "_")
	shown, err1 := decimal.NewFromString(a)
	id, err2 := strconv.ParseInt(b, 10, 64)
	if !ok || err1 != nil || err2 != nil || id <= 0 {
		return cursor{}, Errorf(EINVALID, "分页位置「%s」无效", s)
	}
	return cursor{shown, id}, nil
}

// codePattern recognizes a search for a 统一社会信用代码 (or its start).
var codePattern = regexp.MustCompile(`^[0-9A-HJ-NP-RTUW-Y]{6,18}$`)

// Ranking returns one page of the credit ranking. Sorting is by shown score
// then id, so keyset pages never skip or repeat a firm.
func (s *Store) Ranking(ctx context.Context, f RankingFilter) (*RankingPage, error) {
	if f.Limit <= 0 || f.Limit > MaxRankingLimit {
		return nil, Errorf(EINVALID, "每页条数应在1到%d之间", MaxRankingLimit)
	}
	desc := true
	switch f.Sort {
	case "", SortScoreDesc:
	case SortScoreAsc:
		desc = false
	default:
		return nil, Errorf(EINVALID, "排序方式「%s」无效", f.Sort)
	}
	var where []string
	var args []any
	for _, c := range []struct{ col, v string }{
		{"s.street_code", f.Street}, {"s.grid_code", f.Grid}, {"s.industry", f.Industry}, {"s.grade", f.Grade},
	} {
		if c.v != "" {
			where = append(where, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	sw, sargs, none, err := s.searchClause(ctx, f.Query)
	if err != nil {
		return nil, err
	}
	if none {
		return &RankingPage{Rows: []RankingRow{}}, nil
	}
	where, args = append(where, sw...), append(args, sargs...)
	if f.After != "" {
		c, err := parseCursor(f.After)
		if err != nil {
			return nil, err
		}
		// The leading single-column bound lets both databases use the
		// (…, shown, enterprise_id) indexes as a range.
		if desc {
			where = append(where, "s.shown <= ? AND (s.shown < ? OR s.enterprise_id < ?)")
		} else {
			where = append(where, "s.shown >= ? AND (s.shown > ? OR s.enterprise_id > ?)")
		}
		args = append(args, c.shown, c.shown, c.id)
	}
	q := "SELECT s.enterprise_id, e.uscc, e.name, s.shown, s.prev_shown, s.grade, s.decision, " +
		"s.street_code, s.grid_code, s.industry, s.computed_at " +
		"FROM enterprise_scores s JOIN enterprises e ON e.id = s.enterprise_id"
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if desc {
		q += " ORDER BY s.shown DESC, s.enterprise_id DESC"
	} else {
		q += " ORDER BY s.shown, s.enterprise_id"
	}
	q += " LIMIT ?"
	args = append(args, f.Limit+1)
	rows := make([]RankingRow, 0, f.Limit+1)
	if err := s.db.WithContext(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("ranking: %w", err)
	}
	page := &RankingPage{Rows: rows}
	if len(rows) > f.Limit {
		page.Rows = rows[:f.Limit]
		last := page.Rows[f.Limit-1]
		page.Next = cursor{last.Shown, last.EnterpriseID}.String()
	}
	return page, nil
}

// searchClause turns a search into conditions on the ranking query. A code
// search matches the start of the 统一社会信用代码; a name search matches firms
// whose names contain every word of it, found through the bigram index and
// confirmed on the name. none is true when nothing can match.
func (s *Store) searchClause(ctx context.Context, query string) (where []string, args []any, none bool, err error) {
	query = strings.TrimSpace(query)
	if query == "" {
		return nil, nil, false, nil
	}
	if code := strings.ToUpper(query); codePattern.MatchString(code) {
		prefix := likeEscape(code) + "%"
		var ids []int64
		err := s.db.WithContext(ctx).Raw("SELECT id FROM enterprises WHERE uscc LIKE ? ESCAPE '!' ORDER BY uscc LIMIT ?",
			prefix, searchCandidateLimit+1).Scan(&ids).Error
		if err != nil {
			return nil, nil, false, fmt.Errorf("search codes: %w", err)
		}
		if len(ids) <= searchCandidateLimit {
			return idsClause(ids)
		}
		// UPPER keeps the optimizer from driving the query from the uscc
		// index: almost every firm matches, so the ranking order is faster.
		return []string{"UPPER(e.uscc) LIKE ? ESCAPE '!'"}, []any{prefix}, false, nil
	}
	grams := NameBigrams(query)
	if len(grams) == 0 {
		return nil, nil, true, nil
	}
	for _, w := range nameWords(query) {
		where = append(where, "e.name LIKE ? ESCAPE '!'")
		args = append(args, "%"+likeEscape(w)+"%")
	}
	// Start from the rarest gram; a gram of more than searchCandidateLimit
	// firms is read no further than that.
	var rarest []int64
	for _, g := range grams {
		var ids []int64
		err := s.db.WithContext(ctx).Raw("SELECT enterprise_id FROM enterprise_bigrams WHERE gram = ? LIMIT ?",
			g, searchCandidateLimit+1).Scan(&ids).Error
		if err != nil {
			return nil, nil, false, fmt.Errorf("search names: %w", err)
		}
		if len(ids) == 0 {
			return nil, nil, true, nil
		}
		if rarest == nil || len(ids) < len(rarest) {
			rarest = ids
		}
	}
	if len(rarest) > searchCandidateLimit {
		return where, args, false, nil
	}
	// Intersect the grams over the rarest one's firms.
	var ids []int64
	err = s.db.WithContext(ctx).Raw("SELECT enterprise_id FROM enterprise_bigrams WHERE gram IN ? AND enterprise_id IN ? "+
		"GROUP BY enterprise_id HAVING COUNT(*) = ?", grams, rarest, len(grams)).Scan(&ids).Error
	if err != nil {
		return nil, nil, false, fmt.Errorf("intersect name grams: %w", err)
	}
	idw, idargs, none, _ := idsClause(ids)
	return append(idw, where...), append(idargs, args...), none, nil
}

func idsClause(ids []int64) ([]string, []any, bool, error) {
	if len(ids) == 0 {
		return nil, nil, true, nil
	}
	return []string{"s.enterprise_id IN ?"}, []any{ids}, false, nil
}

// nameWords splits a search the way NameBigrams does: letters and digits,
// lower-cased, split at everything else.
func nameWords(q string) []string {
	return strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// likeEscape escapes LIKE's wildcards with '!', the ESCAPE character the
// queries name (both databases accept it; neither shares a default).
func likeEscape(s string) string {
	return strings.NewReplacer("!", "!!", "%", "!%", "_", "!_").Replace(s)
}

// RankingEach calls fn for every firm of the filtered ranking in order,
// reading it page by page, for exports.
func (s *Store) RankingEach(ctx context.Context, f RankingFilter, fn func(RankingRow) error) error {
	f.Limit, f.After = MaxRankingLimit, ""
	for {
		page, err := s.Ranking(ctx, f)
		if err != nil {
			return err
		}
		for _, r := range page.Rows {
			if err := fn(r); err != nil {
				return err
			}
		}
		if page.Next == "" {
			return nil
		}
		f.After = page.Next
	}
}

// GradeCount is the number of firms of one grade under one key (a street code
// or an industry).
type GradeCount struct {
	Key   string `json:"key" gorm:"column:k"`
	Grade string `json:"grade"`
	Count int64  `json:"count" gorm:"column:n"`
}

// GradeDistribution counts firms per grade and street (by "street") or per
// grade and industry (by "industry"), limited to a street when street is set.
func (s *Store) GradeDistribution(ctx context.Context, by, street string) ([]GradeCount, error) {
	col := map[string]string{"street": "street_code", "industry": "industry"}[by]
	if col == "" {
		return nil, Errorf(EINVALID, "分布维度应为 street 或 industry")
	}
	q := s.db.WithContext(ctx).Table("enterprise_scores").Select(col + " AS k, grade, COUNT(*) AS n")
	if street != "" {
		q = q.Where("street_code = ?", street)
	}
	var out []GradeCount
	if err := q.Group(col + ", grade").Order(col + ", grade").Scan(&out).Error; err != nil {
		return nil, fmt.Errorf("grade distribution by %s: %w", by, err)
	}
	return out, nil
}
