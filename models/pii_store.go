package models

import (
	"context"
	"fmt"
)

// piiColumns are the columns holding personal data, encrypted at rest.
var piiColumns = []struct{ table, column string }{
	{"enterprises", "legal_rep"},
	{"enterprises", "contact_phone"},
}

// HasSealedPII reports whether any personal data in the database is
// encrypted, so that a missing key is an error rather than a warning.
func (s *Store) HasSealedPII(ctx context.Context) (bool, error) {
	for _, c := range piiColumns {
		var ids []int64
		err := s.db.WithContext(ctx).Table(c.table).Where(c.column+" LIKE ? OR "+c.column+" LIKE ?", "aes1:%", "sm41:%").
			Limit(1).Pluck("id", &ids).Error
		if err != nil {
			return false, fmt.Errorf("look for encrypted %s.%s: %w", c.table, c.column, err)
		}
		if len(ids) > 0 {
			return true, nil
		}
	}
	return false, nil
}

// EncryptPII encrypts the personal data still stored in plaintext (written
// before encryption, or while no key was set), batch rows at a time, and
// returns how many rows it rewrote. It is safe to run again and alongside
// a serving replica.
func (s *Store) EncryptPII(ctx context.Context, batch int, progress func(n int64)) (int64, error) {
	if piiState.Load().write == "" {
		return 0, fmt.Errorf("encrypt personal data: no data key is set")
	}
	var total int64
	var after int64
	for {
		var rows []struct {
			ID           int64
			LegalRep     string
			ContactPhone string
		}
		err := s.db.WithContext(ctx).Table("enterprises").Select("id, legal_rep, contact_phone").
			Where("id > ? AND ((legal_rep <> '' AND legal_rep NOT LIKE 'aes1:%' AND legal_rep NOT LIKE 'sm41:%') OR "+
				"(contact_phone <> '' AND contact_phone NOT LIKE 'aes1:%' AND contact_phone NOT LIKE 'sm41:%'))", after).
			Order("id").Limit(batch).Scan(&rows).Error
		if err != nil {
			return total, fmt.Errorf("encrypt personal data: %w", err)
		}
		if len(rows) == 0 {
			return total, nil
		}
		err = s.Tx(ctx, func(tx *Store) error {
			for _, r := range rows {
				set := map[string]any{}
				for col, v := range map[string]string{"legal_rep": r.LegalRep, "contact_phone": r.ContactPhone} {
					if v == "" || IsSealedPII(v) {
						continue
					}
					set[col] = SealPII(v)
				}
				// Only a row still holding the plaintext read is rewritten,
				// so a concurrent edit is not overwritten.
				err := tx.db.WithContext(ctx).Table("enterprises").
					Where("id = ? AND legal_rep = ? AND contact_phone = ?", r.ID, r.LegalRep, r.ContactPhone).Updates(set).Error
				if err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return total, fmt.Errorf("encrypt personal data: %w", err)
		}
		total += int64(len(rows))
		after = rows[len(rows)-1].ID
		if progress != nil {
			progress(total)
		}
	}
}
