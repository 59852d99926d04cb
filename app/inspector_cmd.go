package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"

	"selfcheck/app/importer"
	"selfcheck/app/seeddata"
	"selfcheck/app/web"
	"selfcheck/models"
)

// departmentNames returns the names (and aliases) of the departments in
// templates/departments.yaml, names first.
func (a *App) departmentNames() ([]string, func(string) bool, error) {
	depts, err := web.LoadDepartments(a.assets, "departments.yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("templates: %w", err)
	}
	var names, all []string
	for _, d := range depts {
		names = append(names, d.Name)
		all = append(all, d.Name)
		all = append(all, d.Aliases...)
	}
	return names, func(n string) bool { return slices.Contains(all, n) }, nil
}

// seedRoster puts the demo roster on an empty roster: 6 to 20 certified
// inspectors of each department across the streets. It returns how many it
// added (0 when the roster was not empty).
func (a *App) seedRoster(ctx context.Context, seed uint64) (int, error) {
	n, err := a.store.CountInspectors(ctx)
	if err != nil || n > 0 {
		return 0, err
	}
	names, _, err := a.departmentNames()
	if err != nil {
		return 0, err
	}
	people := seeddata.Roster(names, a.district, seed, a.today())
	if err := a.store.AddInspectors(ctx, people); err != nil {
		return 0, err
	}
	return len(people), nil
}

// importInspectors reads, checks and upserts a roster file (by certificate
// number), reporting every refused row to out like the firm import. A file
// with refused rows imports nothing unless o.SkipInvalid.
func (a *App) importInspectors(ctx context.Context, o importOptions, out io.Writer) error {
	t, err := importer.ReadFile(o.Inspectors, importer.Options{Sheet: o.Sheet})
	if err != nil {
		return importError(err)
	}
	_, deptOK, err := a.departmentNames()
	if err != nil {
		return err
	}
	res, err := importer.CheckInspectors(t, a.district, deptOK, a.today())
	if err != nil {
		return importError(err)
	}
	if write, err := reportChecked(out, o, o.Inspectors, "（无证号）", res.Rows, len(res.Valid), res.Problems); !write {
		return err
	}
	up, err := a.store.UpsertInspectors(ctx, res.Valid)
	if err != nil {
		if models.ErrorCode(err) == models.ECONFLICT {
			return importError(models.Errorf(models.EINVALID, "%s", models.ErrorMessage(err)))
		}
		return fmt.Errorf("import %s: %w", o.Inspectors, err)
	}
	fmt.Fprintf(out, "导入完成：新增执法人员 %d 人，更新 %d 人，跳过 %d 行\n", up.Inserted, up.Updated, len(res.Problems))
	return nil
}

// scopeChecker extends the department and street checks with the
// inspector role, whose scope is its id on the roster.
func (a *App) scopeChecker(ctx context.Context, depts []web.Department) func(role, scope string) bool {
	base := web.ScopeChecker(depts, a.district)
	return func(role, scope string) bool {
		if role != models.RoleInspector {
			return base(role, scope)
		}
		id, err := strconv.ParseInt(scope, 10, 64)
		if err != nil {
			return false
		}
		_, err = a.store.InspectorByID(ctx, id)
		return err == nil
	}
}
