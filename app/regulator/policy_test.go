package regulator

import (
	"testing"

	"selfcheck/models"
	"selfcheck/models/questionnaire"
)

// testPolicy is a district of two departments, each with its items.
func testPolicy() *Policy {
	checklist := &questionnaire.Template{Items: []*questionnaire.Item{
		{ID: "FS-01", Department: "消防救援"},
		{ID: "FD-01", Department: "市场监管"},
		{ID: "GS-01", Department: "住建", CoDepartments: []string{"消防救援"}},
	}}
	return NewPolicy([]Department{
		{Code: "xfjy", Name: "消防救援", Aliases: []string{"消防"}},
		{Code: "scjg", Name: "市场监管"},
		{Code: "zj", Name: "住建"},
	}, checklist)
}

var (
	admin     = &models.User{ID: 1, Username: "admin", Role: models.RoleAdmin}
	fire      = &models.User{ID: 2, Username: "fire", Role: models.RoleDepartment, Scope: "xfjy"}
	market    = &models.User{ID: 3, Username: "market", Role: models.RoleDepartment, Scope: "scjg"}
	zumiao    = &models.User{ID: 4, Username: "zumiao", Role: models.RoleStreet, Scope: "S1"}
	shiwan    = &models.User{ID: 5, Username: "shiwan", Role: models.RoleStreet, Scope: "S2"}
	inspector = &models.User{ID: 6, Username: "insp", Role: models.RoleInspector, Scope: "7"}
	disabled  = &models.User{ID: 7, Username: "gone", Role: models.RoleAdmin, Disabled: true}
)

// codeOf is the error code of err, "" for nil.
func codeOf(err error) string {
	if err == nil {
		return ""
	}
	return models.ErrorCode(err)
}

func TestPolicyCampaign(t *testing.T) {
	p := testPolicy()
	inS1 := &models.Campaign{Audience: "enterprise", Filter: `{"streets":["S1"]}`, CreatedBy: "fire"}
	inS2 := &models.Campaign{Audience: "enterprise", Filter: `{"streets":["S2"]}`, CreatedBy: "admin"}
	everywhere := &models.Campaign{Audience: "enterprise", CreatedBy: "admin"}
	household := &models.Campaign{Audience: "household", Filter: `{"streets":["S1"]}`, CreatedBy: "zumiao"}
	tests := []struct {
		name    string
		u       *models.User
		c       *models.Campaign
		creator *models.User
		a       Access
		want    string
	}{
		{"AdminPushesAny", admin, inS2, admin, Change, ""},
		{"StreetPushesOwn", zumiao, inS1, fire, Change, ""},
		{"StreetPushesOtherStreets", zumiao, inS2, admin, Change, models.ENOTFOUND},
		{"StreetReadsOtherStreets", zumiao, inS2, admin, Read, models.ENOTFOUND},
		{"StreetReadsDistrictWide", zumiao, everywhere, admin, Read, models.ENOTFOUND},
		{"DepartmentReadsAny", market, inS2, admin, Read, ""},
		{"DepartmentPushesOwn", fire, inS1, fire, Change, ""},
		{"DepartmentPushesOthers", market, inS1, fire, Change, models.EFORBIDDEN},
		{"DepartmentReadsHousehold", fire, household, zumiao, Read, models.ENOTFOUND},
		{"InspectorReads", inspector, inS1, fire, Read, models.EFORBIDDEN},
		{"NobodyReads", nil, inS1, fire, Read, models.EFORBIDDEN},
		{"DisabledReads", disabled, inS1, fire, Read, models.EFORBIDDEN},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := codeOf(p.Campaign(tc.u, tc.c, tc.creator, tc.a)); got != tc.want {
				t.Errorf("Campaign(%v, %d) = %q, want %q", tc.u, tc.a, got, tc.want)
			}
		})
	}
}

func TestPolicyRecords(t *testing.T) {
	p := testPolicy()
	dispatched := &models.CitizenReport{StreetCode: "S1", Department: "消防救援", Status: models.ReportDispatched}
	fresh := &models.CitizenReport{StreetCode: "S1", Status: models.ReportNew}
	visit := &models.Visit{Items: `["FS-01"]`, Inspectors: `["7","8"]`}
	finding := &models.Finding{ItemID: "FD-01"}
	tests := []struct {
		name string
		got  error
		want string
	}{
		{"FirmStreetIn", p.Firm(zumiao, "S1", Change), ""},
		{"FirmStreetOut", p.Firm(shiwan, "S1", Change), models.ENOTFOUND},
		{"FirmDepartment", p.Firm(market, "S1", Change), ""},
		{"FirmInspector", p.Firm(inspector, "S1", Read), models.EFORBIDDEN},
		{"ReportHandlingDepartment", p.Report(fire, dispatched, Change), ""},
		{"ReportAliasDepartment", p.Report(&models.User{Role: models.RoleDepartment, Scope: "xfjy"}, &models.CitizenReport{Department: "消防"}, Read), ""},
		{"ReportOtherDepartment", p.Report(market, dispatched, Change), models.ENOTFOUND},
		{"NewReportDepartment", p.Report(fire, fresh, Change), models.ENOTFOUND},
		{"NewReportStreetIn", p.Report(zumiao, fresh, Change), ""},
		{"NewReportStreetOut", p.Report(shiwan, fresh, Change), models.ENOTFOUND},
		{"HouseholdStreetIn", p.Submission(zumiao, true, "S1", Change), ""},
		{"HouseholdStreetOut", p.Submission(shiwan, true, "S1", Read), models.ENOTFOUND},
		{"HouseholdUnknownStreet", p.Submission(zumiao, true, "", Read), models.ENOTFOUND},
		{"HouseholdDepartment", p.Submission(fire, true, "S1", Read), models.ENOTFOUND},
		{"FirmSubmissionDepartment", p.Submission(fire, false, "S2", Read), ""},
		{"VisitDrawnInspector", p.Visit(inspector, visit, "S1", Change), ""},
		{"VisitOtherInspector", p.Visit(&models.User{Role: models.RoleInspector, Scope: "9"}, visit, "S1", Read), models.ENOTFOUND},
		{"VisitDepartmentItems", p.Visit(fire, visit, "S2", Read), ""},
		{"VisitOtherDepartment", p.Visit(market, visit, "S1", Read), models.ENOTFOUND},
		{"VisitStreetOut", p.Visit(shiwan, visit, "S1", Read), models.ENOTFOUND},
		{"RectificationOwnItem", p.Rectification(market, finding, "S1", Change), ""},
		{"RectificationOtherItem", p.Rectification(fire, finding, "S1", Change), models.ENOTFOUND},
		{"RectificationInspector", p.Rectification(inspector, finding, "S1", Read), models.EFORBIDDEN},
		{"OrderOwnDepartment", p.Order(fire, "消防", Change), ""},
		{"OrderOtherDepartment", p.Order(fire, "市场监管", Change), models.EFORBIDDEN},
		{"OrderStreet", p.Order(zumiao, "市场监管", Change), ""},
		{"PlanDepartment", p.Plan(fire, Change), models.EFORBIDDEN},
		{"PlanReadStreet", p.Plan(zumiao, Read), ""},
		{"UsersDepartment", p.User(fire, market, KindUser, Read), models.EFORBIDDEN},
		{"UsersSelf", p.User(fire, fire, KindUser, Read), ""},
		{"UsersAdmin", p.User(admin, fire, KindUser, Change), ""},
		{"TokensStreet", p.User(zumiao, admin, KindToken, Change), models.EFORBIDDEN},
		{"PublicAnonymous", p.Gate(nil, KindPublic, Read), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := codeOf(tc.got); got != tc.want {
				t.Errorf("got %q (%v), want %q", got, tc.got, tc.want)
			}
		})
	}
}

func TestPolicyFields(t *testing.T) {
	p := testPolicy()
	r := &models.CitizenReport{StreetCode: "S1", Department: "消防救援"}
	for _, tc := range []struct {
		name string
		u    *models.User
		want bool
	}{
		{"Admin", admin, true}, {"HandlingDepartment", fire, true}, {"OtherDepartment", market, false},
		{"Street", zumiao, false}, {"Inspector", inspector, false}, {"Nobody", nil, false},
	} {
		t.Run("Reporter"+tc.name, func(t *testing.T) {
			if got := p.SeesReporter(tc.u, r); got != tc.want {
				t.Errorf("SeesReporter(%v) = %v, want %v", tc.u, got, tc.want)
			}
		})
	}
	for _, tc := range []struct {
		u    *models.User
		item string
		want bool
	}{
		{fire, "FS-01", true}, {fire, "GS-01", true}, {fire, "FD-01", false}, {market, "FD-01", true},
		{zumiao, "FD-01", true}, {admin, "FS-01", true}, {nil, "FS-01", false},
	} {
		if got := p.SeesItem(tc.u, tc.item); got != tc.want {
			t.Errorf("SeesItem(%v, %s) = %v, want %v", tc.u, tc.item, got, tc.want)
		}
	}
	if sc := p.Scope(inspector); sc.SeesEnterprise("S1") || sc.StreetFilter() == "" {
		t.Errorf("Scope(inspector) = %+v, want one that sees no firm", sc)
	}
}
