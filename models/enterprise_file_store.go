package models

import (
	"context"
	"fmt"
	"strconv"
	"strings"
)

// EnterpriseFile is everything the 企业档案 page shows about a firm, already
// cut to what a Scope may see.
type EnterpriseFile struct {
	Enterprise  Enterprise       `json:"enterprise"`
	Score       *EnterpriseScore `json:"score"`
	History     []ScoreSnapshot  `json:"history"`
	Ledger      []CreditEvent    `json:"ledger"`
	Submissions []Submission     `json:"submissions"`
	Findings    []FindingRecord  `json:"findings"`
	Reports     []ReportRecord   `json:"reports"`
	Visits      []VisitRecord    `json:"visits"`
	// Photos are the photos the records above refer to, by id.
	Photos map[int64]Photo `json:"photos"`
}

// Submission is a self-check of the firm with its campaign and answers.
type Submission struct {
	Assignment
	CampaignName string
	Answers      []Answer
}

// FindingRecord is a finding with the firm's rectification reports.
type FindingRecord struct {
	Finding
	Rectifications []Rectification
}

// ReportRecord is a citizen report about the firm. Reporter is the openid of
// the citizen who filed it, left empty when the scope may not see it.
type ReportRecord struct {
	CitizenReport
	Reporter       string
	ReporterHidden bool
}

// VisitRecord is an on-site visit with the departments whose orders it
// carried.
type VisitRecord struct {
	Visit
	Departments []string
}

// EnterpriseFile gathers a firm's file for sc. A firm outside sc's streets is
// ENOTFOUND, as if it did not exist.
func (s *Store) EnterpriseFile(ctx context.Context, id int64, sc Scope) (*EnterpriseFile, error) {
	e, err := s.Enterprise(ctx, id)
	if err != nil {
		return nil, err
	}
	if !sc.SeesEnterprise(e.StreetCode) {
		return nil, Errorf(ENOTFOUND, "未找到该企业")
	}
	f := &EnterpriseFile{Enterprise: *e, Photos: map[int64]Photo{}}
	if f.Score, err = s.CurrentScore(ctx, id); err != nil && ErrorCode(err) != ENOTFOUND {
		return nil, err
	}
	if f.History, err = s.ScoreHistory(ctx, id); err != nil {
		return nil, err
	}
	if f.Ledger, err = s.CreditEvents(ctx, id); err != nil {
		return nil, err
	}
	var photoIDs []int64
	steps := []func(context.Context, *EnterpriseFile, Scope) ([]int64, error){
		s.fileSubmissions, s.fileFindings, s.fileReports, s.fileVisits,
	}
	for _, step := range steps {
		ids, err := step(ctx, f, sc)
		if err != nil {
			return nil, err
		}
		photoIDs = append(photoIDs, ids...)
	}
	if len(photoIDs) > 0 {
		var photos []Photo
		if err := s.db.WithContext(ctx).Where("id IN ?", photoIDs).Find(&photos).Error; err != nil {
			return nil, fmt.Errorf("photos of enterprise %d: %w", id, err)
		}
		for _, p := range photos {
			f.Photos[p.ID] = p
		}
	}
	return f, nil
}

func (s *Store) fileSubmissions(ctx context.Context, f *EnterpriseFile, sc Scope) ([]int64, error) {
	db := s.db.WithContext(ctx)
	var as []Assignment
	if err := db.Where("enterprise_id = ?", f.Enterprise.ID).Order("created_at DESC, id DESC").Find(&as).Error; err != nil {
		return nil, fmt.Errorf("assignments of %d: %w", f.Enterprise.ID, err)
	}
	if len(as) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(as))
	campaignIDs := make([]int64, len(as))
	for i, a := range as {
		ids[i], campaignIDs[i] = a.ID, a.CampaignID
	}
	var campaigns []Campaign
	if err := db.Select("id", "name").Where("id IN ?", campaignIDs).Find(&campaigns).Error; err != nil {
		return nil, fmt.Errorf("campaigns of %d: %w", f.Enterprise.ID, err)
	}
	names := map[int64]string{}
	for _, c := range campaigns {
		names[c.ID] = c.Name
	}
	var answers []Answer
	if err := db.Where("assignment_id IN ?", ids).Order("assignment_id, id").Find(&answers).Error; err != nil {
		return nil, fmt.Errorf("answers of %d: %w", f.Enterprise.ID, err)
	}
	byAssignment := map[int64][]Answer{}
	var photos []int64
	for _, a := range answers {
		if !sc.SeesFinding(a.ItemID) {
			continue
		}
		byAssignment[a.AssignmentID] = append(byAssignment[a.AssignmentID], a)
		if a.PhotoID != nil {
			photos = append(photos, *a.PhotoID)
		}
	}
	for _, a := range as {
		f.Submissions = append(f.Submissions, Submission{Assignment: a, CampaignName: names[a.CampaignID], Answers: byAssignment[a.ID]})
	}
	return photos, nil
}

func (s *Store) fileFindings(ctx context.Context, f *EnterpriseFile, sc Scope) ([]int64, error) {
	db := s.db.WithContext(ctx)
	var fs []Finding
	if err := db.Where("enterprise_id = ?", f.Enterprise.ID).Order("created_at DESC, id DESC").Find(&fs).Error; err != nil {
		return nil, fmt.Errorf("findings of %d: %w", f.Enterprise.ID, err)
	}
	var ids []int64
	for _, x := range fs {
		if sc.SeesFinding(x.ItemID) {
			f.Findings = append(f.Findings, FindingRecord{Finding: x})
			ids = append(ids, x.ID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var rs []Rectification
	if err := db.Where("finding_id IN ?", ids).Order("created_at, id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("rectifications of %d: %w", f.Enterprise.ID, err)
	}
	var photos []int64
	for i := range f.Findings {
		for _, r := range rs {
			if r.FindingID == f.Findings[i].ID {
				f.Findings[i].Rectifications = append(f.Findings[i].Rectifications, r)
				photos = append(photos, splitIDs(r.Photos)...)
			}
		}
	}
	return photos, nil
}

func (s *Store) fileReports(ctx context.Context, f *EnterpriseFile, sc Scope) ([]int64, error) {
	db := s.db.WithContext(ctx)
	var rs []CitizenReport
	if err := db.Where("enterprise_id = ?", f.Enterprise.ID).Order("created_at DESC, id DESC").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("reports about %d: %w", f.Enterprise.ID, err)
	}
	var ids, reporters []int64
	for _, r := range rs {
		if !sc.SeesReport(&r) {
			continue
		}
		rec := ReportRecord{CitizenReport: r, ReporterHidden: !sc.SeesReporter(&r)}
		if rec.ReporterHidden {
			rec.ReporterID = nil
		} else if r.ReporterID != nil {
			reporters = append(reporters, *r.ReporterID)
		}
		f.Reports = append(f.Reports, rec)
		ids = append(ids, r.ID)
	}
	if len(reporters) > 0 {
		var us []WechatUser
		if err := db.Select("id", "openid").Where("id IN ?", reporters).Find(&us).Error; err != nil {
			return nil, fmt.Errorf("reporters about %d: %w", f.Enterprise.ID, err)
		}
		for i := range f.Reports {
			for _, u := range us {
				if r := f.Reports[i].ReporterID; r != nil && *r == u.ID {
					f.Reports[i].Reporter = u.OpenID
				}
			}
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	var photos []int64
	if err := db.Model(&reportPhoto{}).Where("report_id IN ?", ids).Pluck("photo_id", &photos).Error; err != nil {
		return nil, fmt.Errorf("report photos about %d: %w", f.Enterprise.ID, err)
	}
	return photos, nil
}

func (s *Store) fileVisits(ctx context.Context, f *EnterpriseFile, sc Scope) ([]int64, error) {
	db := s.db.WithContext(ctx)
	var vs []Visit
	if err := db.Where("enterprise_id = ?", f.Enterprise.ID).Order("planned_on DESC, id DESC").Find(&vs).Error; err != nil {
		return nil, fmt.Errorf("visits of %d: %w", f.Enterprise.ID, err)
	}
	if len(vs) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(vs))
	for i, v := range vs {
		ids[i] = v.ID
	}
	var links []struct {
		VisitID    int64
		Department string
	}
	err := db.Table("visit_orders").Select("visit_orders.visit_id, inspection_orders.department").
		Joins("JOIN inspection_orders ON inspection_orders.id = visit_orders.order_id").
		Where("visit_orders.visit_id IN ?", ids).Scan(&links).Error
	if err != nil {
		return nil, fmt.Errorf("visit orders of %d: %w", f.Enterprise.ID, err)
	}
	for _, v := range vs {
		rec := VisitRecord{Visit: v}
		seen := false
		for _, l := range links {
			if l.VisitID == v.ID {
				rec.Departments = append(rec.Departments, l.Department)
				seen = seen || sc.SeesOrderOf(l.Department)
			}
		}
		if sc.Role != RoleDepartment || seen {
			f.Visits = append(f.Visits, rec)
		}
	}
	return nil, nil
}

// splitIDs parses a comma-separated list of ids, skipping anything else.
func splitIDs(s string) []int64 {
	var out []int64
	for _, p := range strings.Split(s, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(p), 10, 64); err == nil {
			out = append(out, n)
		}
	}
	return out
}
