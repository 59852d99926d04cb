package regulator

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"selfcheck/app/planner"
	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// OrderInput is an inspection order as a department submits it: targets by a
// list of firm ids or by a filter, checklist items, a window (dates in
// SELFCHECK_TZ, both days included) and a reason.
type OrderInput struct {
	Department string               `json:"department"`
	Reason     string               `json:"reason"`
	Items      []string             `json:"items"`
	From       time.Time            `json:"from"`
	To         time.Time            `json:"to"`
	Targets    []int64              `json:"targets,omitempty"`
	Filter     *models.TargetFilter `json:"filter,omitempty"`
	Note       string               `json:"note,omitempty"`
}

// createOrder validates an order against the checklist and the user's scope
// and stores it with its targets in one transaction. A refused order is an
// EINVALID or EFORBIDDEN error whose message gives every reason in Chinese;
// nothing is stored then.
func (s *Service) createOrder(ctx context.Context, by *models.User, in OrderInput) (*models.InspectionOrder, error) {
	in.Department = strings.TrimSpace(in.Department)
	if err := s.orderScope(by, in.Department); err != nil {
		return nil, err
	}
	checklist, err := s.checklist()
	if err != nil {
		return nil, err
	}
	var problems []string
	if in.Department == "" {
		problems = append(problems, "请填写下达指令的部门")
	}
	if !planner.Reason(in.Reason).Valid() {
		problems = append(problems, "检查事由应为例行检查、随机抽查、投诉核查或整改复查之一")
	}
	items, itemProblems, outside := orderItems(checklist, in.Department, in.Items)
	problems = append(problems, itemProblems...)
	today := s.today()
	from, to := s.day(in.From), s.day(in.To)
	switch {
	case in.From.IsZero() || in.To.IsZero():
		problems = append(problems, "请填写检查时间窗口")
	case to.Before(from):
		problems = append(problems, "时间窗口的结束日期早于开始日期")
	case from.Before(today):
		problems = append(problems, fmt.Sprintf("时间窗口不能早于今天（%s）", today.Format(time.DateOnly)))
	}
	targets, targetProblems, err := s.orderTargets(ctx, by, in)
	if err != nil {
		return nil, err
	}
	problems = append(problems, targetProblems...)
	if len(outside) > 0 {
		return nil, models.Errorf(models.EFORBIDDEN, "检查事项 %s 不属于%s的职责范围，请由牵头部门下达", strings.Join(outside, "、"), in.Department)
	}
	if len(problems) > 0 {
		return nil, models.Errorf(models.EINVALID, "%s", strings.Join(problems, "；"))
	}
	o := &models.InspectionOrder{
		Department: in.Department, Reason: in.Reason, WindowFrom: from.UTC(), WindowTo: to.UTC(),
		Note: strings.TrimSpace(in.Note), Status: models.OrderOpen, CreatedBy: by.Username,
	}
	b, _ := json.Marshal(items)
	o.Items = string(b)
	if in.Filter != nil {
		f, _ := json.Marshal(in.Filter)
		o.TargetFilter = string(f)
	}
	if err := s.store.CreateOrder(ctx, o, targets); err != nil {
		return nil, err
	}
	return o, nil
}

// orderScope refuses an order in the name of a department other than the
// user's own. Street users and administrators may order for any department.
func (s *Service) orderScope(by *models.User, dept string) error {
	if by == nil || by.Disabled {
		return models.Errorf(models.EFORBIDDEN, "请先登录")
	}
	if by.Role != models.RoleDepartment {
		return nil
	}
	return s.policy.Order(by, dept, Change)
}

// orderItems checks the items against the standardized checklist: each must
// be a checklist item, within the department's remit (its lead department or
// a co-department). It returns the items, de-duplicated in order, the
// problems, and the items outside the remit.
func orderItems(t *questionnaire.Template, dept string, ids []string) (items, problems, outside []string) {
	var unknown []string
	for _, id := range ids {
		id = strings.TrimSpace(id)
		if slices.Contains(items, id) {
			continue
		}
		it := t.Item(id)
		if it == nil || it.Department == "" {
			unknown = append(unknown, id)
			continue
		}
		if dept != "" && it.Department != dept && !slices.Contains(it.CoDepartments, dept) {
			outside = append(outside, id)
		}
		items = append(items, id)
	}
	if len(ids) == 0 {
		problems = append(problems, "请至少选择一个检查事项")
	}
	if len(unknown) > 0 {
		problems = append(problems, "检查事项 "+strings.Join(unknown, "、")+" 不在标准检查清单中")
	}
	return items, problems, outside
}

// orderTargets resolves the targets from the list or the filter and checks
// them against a street user's street.
func (s *Service) orderTargets(ctx context.Context, by *models.User, in OrderInput) ([]int64, []string, error) {
	var problems []string
	var ids []int64
	switch {
	case len(in.Targets) > 0:
		want := slices.Clone(in.Targets)
		slices.Sort(want)
		want = slices.Compact(want)
		got, err := s.store.ActiveFirmIDs(ctx, want)
		if err != nil {
			return nil, nil, err
		}
		var missing []string
		for _, id := range want {
			if _, ok := slices.BinarySearch(got, id); !ok {
				missing = append(missing, fmt.Sprintf("#%d", id))
			}
		}
		if len(missing) > 0 {
			problems = append(problems, "企业 "+strings.Join(missing, "、")+" 不存在或已注销")
		}
		ids = got
	case in.Filter != nil:
		f := *in.Filter
		if by.Role == models.RoleStreet {
			if f.StreetCode != "" && f.StreetCode != by.Scope {
				return nil, []string{"筛选条件超出本镇街范围"}, nil
			}
			f.StreetCode = by.Scope
		}
		var err error
		if ids, err = s.store.FirmIDsByFilter(ctx, f); err != nil {
			return nil, nil, err
		}
	}
	if len(ids) == 0 && len(problems) == 0 {
		problems = append(problems, "指令没有检查对象：请列出企业或给出能选中企业的筛选条件")
	}
	if by.Role == models.RoleStreet && len(in.Targets) > 0 {
		firms, err := s.store.PlanFirms(ctx, ids, time.Time{}, time.Time{}, s.now())
		if err != nil {
			return nil, nil, err
		}
		for _, f := range firms {
			if f.StreetCode != by.Scope {
				problems = append(problems, fmt.Sprintf("企业%s不在本镇街范围内", f.Name))
			}
		}
	}
	return ids, problems, nil
}

// today is the start of the current day in SELFCHECK_TZ.
func (s *Service) today() time.Time { return s.day(s.now()) }

// day is the start of t's day in SELFCHECK_TZ.
func (s *Service) day(t time.Time) time.Time {
	t = t.In(s.loc)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, s.loc)
}
