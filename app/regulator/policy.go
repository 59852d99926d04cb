package regulator

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// Kind is a kind of record the policy rules on.
type Kind string

// The kinds of records.
const (
	KindFirm          Kind = "firm"
	KindSubmission    Kind = "submission"
	KindCampaign      Kind = "campaign"
	KindReport        Kind = "report"
	KindPhoto         Kind = "photo"
	KindOrder         Kind = "order"
	KindPlan          Kind = "plan"
	KindVisit         Kind = "visit"
	KindRectification Kind = "rectification"
	KindUser          Kind = "user"
	KindToken         Kind = "token"
	KindRoster        Kind = "roster"
	KindSimulation    Kind = "simulation" // the policy simulator's report
	// KindPublic is what anyone may read without signing in (一公开).
	KindPublic Kind = "public"
)

// Access is reading or changing.
type Access int

// The two accesses.
const (
	Read Access = iota
	Change
)

// roleKinds is the first gate of the policy: the kinds of records each role
// may read and change at all. The record-level rules below then narrow it
// to the role's scope. An inspector reads and records only the visits it is
// drawn for (and their photos); nothing else.
var roleKinds = map[string]map[Kind][]Access{
	models.RoleAdmin: {
		KindFirm: {Read, Change}, KindSubmission: {Read, Change}, KindCampaign: {Read, Change}, KindReport: {Read, Change},
		KindPhoto: {Read, Change}, KindOrder: {Read, Change}, KindPlan: {Read, Change}, KindVisit: {Read, Change},
		KindRectification: {Read, Change}, KindUser: {Read, Change}, KindToken: {Read, Change}, KindRoster: {Read, Change}, KindPublic: {Read},
		KindSimulation: {Read, Change},
	},
	models.RoleDepartment: {
		KindFirm: {Read, Change}, KindSubmission: {Read, Change}, KindCampaign: {Read, Change}, KindReport: {Read, Change},
		KindPhoto: {Read, Change}, KindOrder: {Read, Change}, KindPlan: {Read}, KindVisit: {Read, Change},
		KindRectification: {Read, Change}, KindRoster: {Read, Change}, KindPublic: {Read},
		KindSimulation: {Read},
	},
	models.RoleStreet: {
		KindFirm: {Read, Change}, KindSubmission: {Read, Change}, KindCampaign: {Read, Change}, KindReport: {Read, Change},
		KindPhoto: {Read, Change}, KindOrder: {Read, Change}, KindPlan: {Read}, KindVisit: {Read, Change},
		KindRectification: {Read, Change}, KindPublic: {Read},
	},
	models.RoleInspector: {KindVisit: {Read, Change}, KindPhoto: {Read, Change}, KindPublic: {Read}},
}

// Policy decides who may read and who may change each kind of record, by
// role and scope: an admin everything; a street user the firms of its
// street and what concerns them; a department user every firm's credit but,
// of the records about a firm, only those of its department and its
// checklist items; an inspector only the visits it is drawn for. Every
// workflow of the Service asks it before reading or writing.
type Policy struct {
	depts []Department
	// itemDepts maps each checklist item to its lead and co-departments.
	itemDepts map[string][]string
}

// NewPolicy builds the policy of the district's departments and checklist.
func NewPolicy(depts []Department, checklist *questionnaire.Template) *Policy {
	p := &Policy{depts: depts, itemDepts: map[string][]string{}}
	if checklist != nil {
		for _, it := range checklist.Items {
			p.itemDepts[it.ID] = append([]string{it.Department}, it.CoDepartments...)
		}
	}
	return p
}

// Allows is the first gate: whether u's role may have access to kind at
// all. A nil or disabled user may read only public records.
func (p *Policy) Allows(u *models.User, kind Kind, a Access) bool {
	if u == nil || u.Disabled {
		return kind == KindPublic && a == Read
	}
	return slices.Contains(roleKinds[u.Role][kind], a)
}

// Gate returns EFORBIDDEN unless u's role may have access to kind.
func (p *Policy) Gate(u *models.User, kind Kind, a Access) error {
	if p.Allows(u, kind, a) {
		return nil
	}
	if msg, ok := refusals[kind]; ok && a == Change && u != nil {
		return models.Errorf(models.EFORBIDDEN, "%s", msg)
	}
	return forbidden()
}

// refusals say why a role may not change a kind of record at all.
var refusals = map[Kind]string{
	KindPlan: "只有管理员可以编排检查计划",
	KindUser: "只有管理员可以管理用户", KindToken: "只有管理员可以管理 API 令牌",
}

func forbidden() error { return models.Errorf(models.EFORBIDDEN, "无权执行此操作") }

func notFound(what string) error { return models.Errorf(models.ENOTFOUND, "未找到该%s", what) }

// Scope returns the data scope of u, which the store's list queries filter
// by in SQL. An inspector's or unknown role's scope sees no firm.
func (p *Policy) Scope(u *models.User) models.Scope {
	if u == nil {
		return models.Scope{Role: models.RoleStreet, Street: "\x00"}
	}
	switch u.Role {
	case models.RoleAdmin:
		return models.AdminScope
	case models.RoleStreet:
		return models.Scope{Role: models.RoleStreet, Street: u.Scope}
	case models.RoleDepartment:
		sc := models.Scope{Role: models.RoleDepartment, Departments: map[string]bool{}, Items: map[string]bool{}}
		for _, d := range p.depts {
			if d.Code == u.Scope {
				sc.Departments[d.Name] = true
				for _, a := range d.Aliases {
					sc.Departments[a] = true
				}
			}
		}
		for id, ds := range p.itemDepts {
			for _, d := range ds {
				if sc.Departments[d] {
					sc.Items[id] = true
				}
			}
		}
		return sc
	case models.RoleInspector:
		// No firm of its own: the visits it is drawn for (Visit).
		id, _ := strconv.ParseInt(u.Scope, 10, 64)
		return models.Scope{Role: models.RoleStreet, Street: "\x00", Inspector: id}
	}
	// No street has the code "\x00": a role without a firm scope sees none.
	return models.Scope{Role: models.RoleStreet, Street: "\x00"}
}

// Firm rules on a firm in streetCode: a street user only its street's;
// department users and admins every firm.
func (p *Policy) Firm(u *models.User, streetCode string, a Access) error {
	if err := p.Gate(u, KindFirm, a); err != nil {
		return err
	}
	if !p.Scope(u).SeesEnterprise(streetCode) {
		return notFound("企业")
	}
	return nil
}

// Campaign rules on a campaign: an admin any; a street user only a
// campaign aimed at its own street alone; a department user reads every
// campaign's progress but pushes or reminds only the campaigns its users
// created.
func (p *Policy) Campaign(u *models.User, c *models.Campaign, creator *models.User, a Access) error {
	if err := p.Gate(u, KindCampaign, a); err != nil {
		return err
	}
	switch u.Role {
	case models.RoleAdmin:
		return nil
	case models.RoleStreet:
		t, err := models.CampaignTargetOf(c)
		if err != nil {
			return err
		}
		if len(t.Streets) == 1 && t.Streets[0] == u.Scope && len(t.EnterpriseIDs) == 0 {
			return nil
		}
		return notFound("自查任务")
	case models.RoleDepartment:
		if models.Households(c.Audience) {
			return notFound("自查任务")
		}
		if a == Read {
			return nil
		}
		if creator != nil && creator.Role == models.RoleDepartment && creator.Scope == u.Scope {
			return nil
		}
		return forbidden()
	}
	return forbidden()
}

// Submission rules on a self-check submission: a firm's by the firm's
// street (street users) or by any department that owns one of its items;
// a household's only by an admin or the street the household lives in
// (households in streetCode, "" when unknown).
func (p *Policy) Submission(u *models.User, household bool, streetCode string, a Access) error {
	if err := p.Gate(u, KindSubmission, a); err != nil {
		return err
	}
	switch u.Role {
	case models.RoleAdmin:
		return nil
	case models.RoleStreet:
		if streetCode != "" && streetCode == u.Scope {
			return nil
		}
	case models.RoleDepartment:
		if !household {
			return nil
		}
	}
	return notFound("自查")
}

// SeesItem reports whether u may see an answer or finding on a checklist
// item: a department user only on its own items.
func (p *Policy) SeesItem(u *models.User, itemID string) bool {
	if u == nil {
		return false
	}
	if u.Role != models.RoleDepartment {
		return true
	}
	return p.Scope(u).SeesFinding(itemID)
}

// Report rules on a citizen report: a street user those of its street; a
// department user only those dispatched to it. A new report (dispatched to
// nobody) is changed (dispatched, merged, closed) only by an admin or its
// street.
func (p *Policy) Report(u *models.User, r *models.CitizenReport, a Access) error {
	if err := p.Gate(u, KindReport, a); err != nil {
		return err
	}
	if !p.Scope(u).SeesReport(r) {
		return notFound("举报")
	}
	return nil
}

// SeesReporter reports whether u may see who filed a report: only an admin
// and the department handling it, which may need to call the reporter back.
func (p *Policy) SeesReporter(u *models.User, r *models.CitizenReport) bool {
	return u != nil && p.Scope(u).SeesReporter(r)
}

// Order rules on an inspection order of a department: a department user
// orders and reads only in its own name; street users and admins any.
func (p *Policy) Order(u *models.User, department string, a Access) error {
	if err := p.Gate(u, KindOrder, a); err != nil {
		return err
	}
	if u.Role == models.RoleDepartment && !p.Scope(u).SeesOrderOf(department) {
		if a == Change {
			return models.Errorf(models.EFORBIDDEN, "您只能以本部门名义下达检查指令，不能代%s下达", department)
		}
		return notFound("检查指令")
	}
	return nil
}

// Plan rules on plans: everyone but an inspector reads them; only an admin
// makes one, since a plan merges every department's orders.
func (p *Policy) Plan(u *models.User, a Access) error {
	return p.Gate(u, KindPlan, a)
}

// Visit rules on a visit to a firm in streetCode: a street user its
// street's; a department user one that carries an item of its department;
// an inspector one it is drawn for.
func (p *Policy) Visit(u *models.User, v *models.Visit, streetCode string, a Access) error {
	if err := p.Gate(u, KindVisit, a); err != nil {
		return err
	}
	switch u.Role {
	case models.RoleAdmin:
		return nil
	case models.RoleStreet:
		if streetCode == u.Scope {
			return nil
		}
	case models.RoleDepartment:
		var items []string
		_ = json.Unmarshal([]byte(v.Items), &items)
		sc := p.Scope(u)
		for _, it := range items {
			if sc.Items[it] {
				return nil
			}
		}
	case models.RoleInspector:
		if DrawnFor(v, u.Scope) {
			return nil
		}
	}
	return notFound("检查任务")
}

// DrawnFor reports whether the inspector with id inspector is drawn for v.
func DrawnFor(v *models.Visit, inspector string) bool {
	if inspector == "" {
		return false
	}
	var ids []any
	if err := json.Unmarshal([]byte(v.Inspectors), &ids); err != nil {
		return false
	}
	for _, id := range ids {
		if fmt.Sprint(id) == inspector {
			return true
		}
	}
	return false
}

// Rectification rules on a finding and its rectification: a street user
// its street's firms; a department user its own items.
func (p *Policy) Rectification(u *models.User, f *models.Finding, streetCode string, a Access) error {
	if err := p.Gate(u, KindRectification, a); err != nil {
		return err
	}
	sc := p.Scope(u)
	if !sc.SeesEnterprise(streetCode) || !sc.SeesFinding(f.ItemID) {
		return notFound("整改")
	}
	return nil
}

// User rules on dashboard users and API tokens: only an admin lists,
// creates or changes them; everyone reads their own account and tokens.
func (p *Policy) User(u *models.User, target *models.User, kind Kind, a Access) error {
	if p.Allows(u, kind, a) {
		return nil
	}
	if u != nil && !u.Disabled && target != nil && target.ID == u.ID && a == Read {
		return nil
	}
	return forbidden()
}
