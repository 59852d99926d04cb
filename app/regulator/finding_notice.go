package regulator

import (
	"context"
	"fmt"
	"time"

	"selfcheck/models"
)

// enqueue sends the notices of the rectification loop in the transaction tx,
// so that they go out once exactly when the change they announce commits.
// It replaces item ids by the checklist's short labels and adds the days
// left to a finding's deadline.
func (s *Service) enqueue(ctx context.Context, tx *models.Store, ns []notice) error {
	if len(ns) == 0 {
		return nil
	}
	checklist, err := s.checklist()
	if err != nil {
		return err
	}
	for i := range ns {
		n := &ns[i]
		fields := make(map[string]string, len(n.Fields)+1)
		for k, v := range n.Fields {
			fields[k] = v
		}
		if it := checklist.Item(fields["item"]); it != nil && it.Short != "" {
			fields["item"] = it.Short
		}
		if n.Name == NoticeRectificationDue {
			if d, err := time.ParseInLocation(time.DateOnly, fields["deadline"], s.loc); err == nil {
				fields["days"] = fmt.Sprint(int(d.Sub(s.today()).Hours()/24) + 1)
			}
		}
		n.Fields = fields
	}
	return s.notifyTx(ctx, tx, ns...)
}
