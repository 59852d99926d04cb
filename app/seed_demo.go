package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"selfcheck/app/seeddata"
)

// demoFirms is the size of the district `make run` seeds on first start.
const demoFirms = 2000

// demoInfo is what serve prints in demo mode so that a newcomer can act as
// the demo firm in the simulator.
type demoInfo struct {
	Seeded   int
	USCC     string
	Name     string
	BindCode string
	// AdminUser and AdminPassword are the first dashboard account, set only
	// on the start that created it: the password is shown once.
	AdminUser, AdminPassword string
}

// seedDemo fills an empty database with the demo district and scores it, and
// on every start issues a fresh binding code for the demo firm, whose current
// self-check is pending.
func (a *App) seedDemo(ctx context.Context) (*demoInfo, error) {
	info := &demoInfo{}
	n, err := a.store.CountEnterprises(ctx)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		sum, err := a.seedDistrict(ctx, seedOptions{Enterprises: demoFirms, Seed: 1}, nil)
		if err != nil {
			return nil, err
		}
		info.Seeded = sum.Firms
		if err := a.scoreAll(ctx, &env{stdout: io.Discard, stderr: io.Discard}, false, 1000); err != nil {
			return nil, fmt.Errorf("score the demo district: %w", err)
		}
		// The generated history leaves findings past their deadline; chasing
		// them now, before the listener opens, keeps that first sweep of
		// writes from holding SQLite's single writer while people chat.
		if _, _, err := a.reg.FlagOverdue(ctx); err != nil {
			return nil, fmt.Errorf("chase the demo district's overdue findings: %w", err)
		}
		// The quarter's audit round, so that routine orders can be planned
		// against it at once.
		if _, _, err := a.drawScheduledAudit(ctx); err != nil {
			return nil, fmt.Errorf("draw the demo district's audit round: %w", err)
		}
	}
	firm, err := a.store.EnterpriseByUSCC(ctx, seeddata.DemoUSCC())
	if err != nil {
		// A database seeded by hand has no demo firm: nothing to print.
		return info, nil
	}
	info.USCC, info.Name = firm.USCC, firm.Name
	if info.BindCode, err = a.store.CreateBindCode(ctx, firm.ID, 7*24*time.Hour, "demo"); err != nil {
		return nil, err
	}
	return info, nil
}

// print writes the demo firm's details for the serve banner.
func (d *demoInfo) print(w io.Writer, baseURL string) {
	if d.AdminPassword != "" {
		fmt.Fprintf(w, "dashboard: %s/admin/  user %s  password %s (shown once; add users with selfcheck user add)\n", baseURL, d.AdminUser, d.AdminPassword)
	}
	if d.Seeded > 0 {
		fmt.Fprintf(w, "demo: seeded a district of %d firms with two years of history\n", d.Seeded)
	}
	if d.USCC != "" {
		fmt.Fprintf(w, "demo firm: %s  统一社会信用代码 %s  binding code %s (valid 7 days)\n", d.Name, d.USCC, d.BindCode)
		fmt.Fprintln(w, "  in the simulator, send 绑定企业, then the code and the binding code, then 企业自查")
	}
}
