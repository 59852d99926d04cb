package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ClaimPhotos leases up to limit pending photos that are due, for lease: each
// claimed row's next_attempt_at moves past the lease, so a worker that dies
// leaves it to be claimed again later. Each claim counts as an attempt. The
// claim is optimistic (a conditional UPDATE per row on the attempt count,
// which every claim bumps), which is portable and
// plenty for the photo rate of a chat.
func (s *Store) ClaimPhotos(ctx context.Context, limit int, lease time.Duration) ([]Photo, error) {
	db := s.db.WithContext(ctx)
	now := s.now()
	var due []Photo
	if err := db.Where("status = ? AND next_attempt_at <= ?", PhotoPending, now).
		Order("next_attempt_at, id").Limit(limit).Find(&due).Error; err != nil {
		return nil, fmt.Errorf("due photos: %w", err)
	}
	out := due[:0]
	for _, p := range due {
		res := db.Model(&Photo{}).Where("id = ? AND status = ? AND attempts = ?", p.ID, PhotoPending, p.Attempts).
			Updates(map[string]any{"next_attempt_at": now.Add(lease), "attempts": gorm.Expr("attempts + 1"), "updated_at": now})
		if res.Error != nil {
			return nil, fmt.Errorf("claim photo %d: %w", p.ID, res.Error)
		}
		if res.RowsAffected == 1 {
			p.Attempts++
			out = append(out, p)
		}
	}
	return out, nil
}

// StorePhoto records that a photo was downloaded to path (relative to
// DATA_DIR) with the given checksum, size and type.
func (s *Store) StorePhoto(ctx context.Context, id int64, sha256 string, size int64, contentType, path string) error {
	err := s.db.WithContext(ctx).Model(&Photo{}).Where("id = ?", id).Updates(map[string]any{
		"status": PhotoStored, "sha256": sha256, "size": size, "content_type": contentType, "path": path,
		"last_error": "", "updated_at": s.now(),
	}).Error
	if err != nil {
		return fmt.Errorf("store photo %d: %w", id, err)
	}
	return nil
}

// RetryPhoto records a failed download, to be tried again at next.
func (s *Store) RetryPhoto(ctx context.Context, id int64, lastErr string, next time.Time) error {
	err := s.db.WithContext(ctx).Model(&Photo{}).Where("id = ? AND status = ?", id, PhotoPending).
		Updates(map[string]any{"next_attempt_at": next.UTC(), "last_error": clip(lastErr, 500), "updated_at": s.now()}).Error
	if err != nil {
		return fmt.Errorf("retry photo %d: %w", id, err)
	}
	return nil
}

// FailPhoto gives up on a photo (not an image, too large, or its media id
// expired) with the reason.
func (s *Store) FailPhoto(ctx context.Context, id int64, lastErr string) error {
	err := s.db.WithContext(ctx).Model(&Photo{}).Where("id = ? AND status = ?", id, PhotoPending).
		Updates(map[string]any{"status": PhotoFailed, "last_error": clip(lastErr, 500), "updated_at": s.now()}).Error
	if err != nil {
		return fmt.Errorf("fail photo %d: %w", id, err)
	}
	return nil
}

// Photo returns a photo by id; once stored, Path names its file under
// DATA_DIR.
func (s *Store) Photo(ctx context.Context, id int64) (*Photo, error) {
	var p Photo
	err := s.db.WithContext(ctx).Take(&p, id).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, Errorf(ENOTFOUND, "未找到该照片")
	} else if err != nil {
		return nil, fmt.Errorf("photo %d: %w", id, err)
	}
	return &p, nil
}
