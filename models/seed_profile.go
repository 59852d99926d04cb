package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// SeedProfile is the hidden truth about a generated firm: how compliant,
// honest and diligent it is, each in [0, 1]. The product never reads it; it
// lets the credit model be judged against what it cannot see.
type SeedProfile struct {
	EnterpriseID int64 `gorm:"primaryKey;autoIncrement:false"`
	Seed         int64
	Compliance   float64
	Honesty      float64
	Diligence    float64
}

// InsertSeedProfiles stores the profiles of generated firms.
func (s *Store) InsertSeedProfiles(ctx context.Context, ps []SeedProfile) error {
	return insertSeedProfiles(s.db.WithContext(ctx), s.rowsPerInsert(), ps)
}

func insertSeedProfiles(tx *gorm.DB, n int, ps []SeedProfile) error {
	if len(ps) == 0 {
		return nil
	}
	if err := tx.CreateInBatches(ps, n).Error; err != nil {
		return fmt.Errorf("insert seed profiles: %w", err)
	}
	return nil
}

// SeedProfiles returns the profiles of the given firms, by enterprise id.
func (s *Store) SeedProfiles(ctx context.Context, enterpriseIDs []int64) (map[int64]SeedProfile, error) {
	var ps []SeedProfile
	if err := s.db.WithContext(ctx).Where("enterprise_id IN ?", enterpriseIDs).Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("seed profiles: %w", err)
	}
	out := make(map[int64]SeedProfile, len(ps))
	for _, p := range ps {
		out[p.EnterpriseID] = p
	}
	return out, nil
}
