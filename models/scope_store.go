package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"gorm.io/gorm"
)

// PhotoRefs are the records a photo is evidence of: the citizen reports
// that carry it, the self-check answers (by assignment), the on-site
// results (by visit) and the rectifications (by finding).
type PhotoRefs struct {
	Reports     []int64
	Assignments []int64
	Visits      []int64
	Findings    []int64
}

// PhotoRefs returns the records that refer to photo id.
func (s *Store) PhotoRefs(ctx context.Context, id int64) (PhotoRefs, error) {
	var r PhotoRefs
	db := s.db.WithContext(ctx)
	steps := []struct {
		table, col string
		out        *[]int64
	}{
		{"report_photos", "report_id", &r.Reports},
		{"answers", "assignment_id", &r.Assignments},
		{"visit_results", "visit_id", &r.Visits},
		{"finding_followups", "finding_id", &r.Findings},
	}
	for _, st := range steps {
		if err := db.Table(st.table).Where("photo_id = ?", id).Distinct().Pluck(st.col, st.out).Error; err != nil {
			return r, fmt.Errorf("photo %d refs in %s: %w", id, st.table, err)
		}
	}
	// A fix report keeps its photo ids comma-separated.
	v := strconv.FormatInt(id, 10)
	var rs []int64
	err := db.Table("rectifications").Where("photos = ? OR photos LIKE ? OR photos LIKE ? OR photos LIKE ?", v, v+",%", "%,"+v, "%,"+v+",%").
		Distinct().Pluck("finding_id", &rs).Error
	if err != nil {
		return r, fmt.Errorf("photo %d refs in rectifications: %w", id, err)
	}
	r.Findings = append(r.Findings, rs...)
	return r, nil
}

// WechatUserStreet returns the street a citizen said it lives in, "" when
// it gave none.
func (s *Store) WechatUserStreet(ctx context.Context, id int64) (string, error) {
	var u WechatUser
	err := s.db.WithContext(ctx).Select("id", "street_code").Take(&u, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return "", Errorf(ENOTFOUND, "未找到该用户")
	} else if err != nil {
		return "", fmt.Errorf("wechat user %d: %w", id, err)
	}
	return u.StreetCode, nil
}
