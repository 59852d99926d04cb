package models

import (
	"context"
	"fmt"

	"gorm.io/gorm/clause"
)

// AddPhoto records a photo sent as WeChat media id mediaID by a user and
// returns its id; the same media id twice is the same photo. The download is
// left to a worker (see PhotoPending).
func (s *Store) AddPhoto(ctx context.Context, mediaID string, uploadedBy int64) (int64, error) {
	if mediaID == "" {
		return 0, Errorf(EINVALID, "图片缺少媒体标识")
	}
	db := s.db.WithContext(ctx)
	now := s.now()
	p := Photo{MediaID: mediaID, Status: PhotoPending, NextAttemptAt: now, UploadedBy: &uploadedBy, CreatedAt: now, UpdatedAt: now}
	if err := db.Clauses(clause.OnConflict{DoNothing: true}).Create(&p).Error; err != nil {
		return 0, fmt.Errorf("add photo %s: %w", mediaID, err)
	}
	var id int64
	if err := db.Model(&Photo{}).Where("media_id = ?", mediaID).Pluck("id", &id).Error; err != nil {
		return 0, fmt.Errorf("find photo %s: %w", mediaID, err)
	}
	return id, nil
}
