package models

import (
	"context"
	"errors"
	"fmt"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// enterpriseBigram is a row of the name search index.
type enterpriseBigram struct {
	Gram         string
	EnterpriseID int64
}

func (enterpriseBigram) TableName() string { return "enterprise_bigrams" }

// batchSize bounds multi-row statements: MySQL's placeholder limit is 65,535
// and an enterprise row has 17 columns.
const batchSize = 1000

// Enterprise returns the firm with the given id.
func (s *Store) Enterprise(ctx context.Context, id int64) (*Enterprise, error) {
	var e Enterprise
	err := s.db.WithContext(ctx).Take(&e, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到该企业")
	} else if err != nil {
		return nil, fmt.Errorf("enterprise %d: %w", id, err)
	}
	return &e, nil
}

// EnterpriseByUSCC returns the firm with the given 统一社会信用代码.
func (s *Store) EnterpriseByUSCC(ctx context.Context, code string) (*Enterprise, error) {
	var e Enterprise
	err := s.db.WithContext(ctx).Where("uscc = ?", code).Take(&e).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到统一社会信用代码为 %s 的企业", code)
	} else if err != nil {
		return nil, fmt.Errorf("enterprise by uscc %s: %w", code, err)
	}
	return &e, nil
}

// CountEnterprises returns the number of firms.
func (s *Store) CountEnterprises(ctx context.Context) (int64, error) {
	var n int64
	if err := s.db.WithContext(ctx).Model(&Enterprise{}).Count(&n).Error; err != nil {
		return 0, fmt.Errorf("count enterprises: %w", err)
	}
	return n, nil
}

// InsertEnterprises adds new firms and their name index in one transaction. It
// is the fast path for generated data; an existing code is a conflict. The ids
// of es are filled in.
func (s *Store) InsertEnterprises(ctx context.Context, es []Enterprise) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.CreateInBatches(es, s.rowsPerInsert()).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return Errorf(ECONFLICT, "统一社会信用代码重复")
			}
			return fmt.Errorf("insert enterprises: %w", err)
		}
		return insertBigrams(tx, es, s.rowsPerInsert())
	})
}

// UpsertResult counts what UpsertEnterprises did.
type UpsertResult struct {
	Inserted, Updated int
}

// UpsertEnterprises inserts firms whose code is new and updates the others
// (keyed by 统一社会信用代码), rebuilding their name index, all in one
// transaction: either every row lands or none does.
func (s *Store) UpsertEnterprises(ctx context.Context, es []Enterprise) (UpsertResult, error) {
	var res UpsertResult
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res = UpsertResult{}
		for start := 0; start < len(es); start += batchSize {
			batch := es[start:min(start+batchSize, len(es))]
			codes := make([]string, len(batch))
			for i := range batch {
				codes[i] = batch[i].USCC
			}
			var existing []Enterprise
			if err := tx.Select("id", "uscc", "created_at").Where("uscc IN ?", codes).Find(&existing).Error; err != nil {
				return fmt.Errorf("find existing enterprises: %w", err)
			}
			byCode := make(map[string]Enterprise, len(existing))
			for _, e := range existing {
				byCode[e.USCC] = e
			}
			var fresh []Enterprise
			var ids []int64
			for i := range batch {
				e := &batch[i]
				old, ok := byCode[e.USCC]
				if !ok {
					fresh = append(fresh, *e)
					continue
				}
				e.ID, e.CreatedAt = old.ID, old.CreatedAt
				if err := tx.Select("*").Omit("created_at").Updates(e).Error; err != nil {
					return fmt.Errorf("update enterprise %s: %w", e.USCC, err)
				}
				ids = append(ids, e.ID)
				res.Updated++
			}
			if len(ids) > 0 {
				if err := tx.Where("enterprise_id IN ?", ids).Delete(&enterpriseBigram{}).Error; err != nil {
					return fmt.Errorf("clear name index: %w", err)
				}
			}
			if len(fresh) > 0 {
				if err := tx.CreateInBatches(&fresh, s.rowsPerInsert()).Error; err != nil {
					return fmt.Errorf("insert enterprises: %w", err)
				}
				res.Inserted += len(fresh)
				for i, j := 0, 0; i < len(batch); i++ {
					if batch[i].ID == 0 {
						batch[i].ID = fresh[j].ID
						j++
					}
				}
			}
			if err := insertBigrams(tx, batch, s.rowsPerInsert()); err != nil {
				return err
			}
		}
		return nil
	})
	return res, err
}

// insertBigrams indexes the names of es, which must have ids, perInsert
// rows to a statement.
func insertBigrams(tx *gorm.DB, es []Enterprise, perInsert int) error {
	rows := make([]enterpriseBigram, 0, 8*len(es))
	for _, e := range es {
		for _, g := range NameBigrams(e.Name) {
			rows = append(rows, enterpriseBigram{Gram: g, EnterpriseID: e.ID})
		}
	}
	if len(rows) == 0 {
		return nil
	}
	err := tx.Clauses(clause.OnConflict{DoNothing: true}).CreateInBatches(rows, perInsert).Error
	if err != nil {
		return fmt.Errorf("index enterprise names: %w", err)
	}
	return nil
}
