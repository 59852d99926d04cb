package regulator

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"selfcheck/bot"
	"selfcheck/models"
)

// uploadTypes are the image types an inspector may upload, by sniffed
// content type, with their file extension (as the bot stores chat photos).
var uploadTypes = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}

// SavePhoto stores an uploaded photo under DATA_DIR/photos like the photos
// sent in the chat (named by its sha256), and records it as stored in the
// same transaction that creates its row, so the download worker never sees
// it pending.
func (s *Service) SavePhoto(ctx context.Context, by *models.User, data []byte) (int64, error) {
	if err := s.policy.Gate(by, KindPhoto, Change); err != nil {
		return 0, err
	}
	ct := http.DetectContentType(data)
	ext, ok := uploadTypes[ct]
	if !ok {
		return 0, models.Errorf(models.EINVALID, "只能上传 JPG、PNG、GIF 或 WebP 图片")
	}
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:])
	rel := filepath.Join("photos", name[:2], name+ext)
	if err := writeFileAtomic(filepath.Join(s.dataDir, rel), data); err != nil {
		return 0, err
	}
	var id int64
	err := s.store.Tx(ctx, func(tx *models.Store) error {
		var err error
		if id, err = tx.AddPhoto(ctx, "upload:"+name, by.ID); err != nil {
			return err
		}
		return tx.StorePhoto(ctx, id, name, int64(len(data)), ct, filepath.ToSlash(rel))
	})
	if err != nil {
		return 0, err
	}
	return id, nil
}

// writeFileAtomic writes data to path through a temporary file and a rename,
// so that a reader never sees half a file; an existing file is kept.
func writeFileAtomic(path string, data []byte) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return fmt.Errorf("store photo: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return fmt.Errorf("store photo: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("store photo: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("store photo: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("store photo: %w", err)
	}
	return nil
}

// PhotoFile returns the file of a stored photo u may see, and its content
// type: one u uploaded, or the evidence of a report, self-check, visit or
// rectification u may read. Any other photo is ENOTFOUND, so that
// sequential ids reveal nothing.
func (s *Service) PhotoFile(ctx context.Context, by *models.User, id int64) (string, string, error) {
	if err := s.policy.Gate(by, KindPhoto, Read); err != nil {
		return "", "", notFound("照片")
	}
	p, err := s.store.Photo(ctx, id)
	if err != nil {
		return "", "", err
	}
	if err := s.photoAccess(ctx, by, p); err != nil {
		return "", "", err
	}
	path := bot.PhotoFile(s.dataDir, p)
	if path == "" {
		return "", "", models.Errorf(models.ENOTFOUND, "照片尚未保存")
	}
	return path, p.ContentType, nil
}

// photoAccess asks the policy about each record the photo is evidence of.
func (s *Service) photoAccess(ctx context.Context, by *models.User, p *models.Photo) error {
	// A dashboard upload records its user; a chat photo its citizen, whose
	// id may equal a user's.
	if by.Role == models.RoleAdmin || (strings.HasPrefix(p.MediaID, "upload:") && p.UploadedBy != nil && *p.UploadedBy == by.ID) {
		return nil
	}
	refs, err := s.store.PhotoRefs(ctx, p.ID)
	if err != nil {
		return err
	}
	for _, id := range refs.Reports {
		if r, _, err := s.store.Report(ctx, id); err == nil && s.policy.Report(by, r, Read) == nil {
			return nil
		}
	}
	for _, id := range refs.Assignments {
		// Only with an answer u may see: a department never sees the
		// evidence of other departments' items.
		sub, _, err := s.Submission(ctx, by, id)
		if err != nil {
			continue
		}
		for _, a := range sub.Answers {
			if a.PhotoID != nil && *a.PhotoID == p.ID {
				return nil
			}
		}
	}
	for _, id := range refs.Visits {
		if _, err := s.visit(ctx, by, id, Read); err == nil {
			return nil
		}
	}
	fs, err := s.store.FindingsByID(ctx, refs.Findings)
	if err != nil {
		return err
	}
	for _, f := range fs {
		if s.rectificationAccess(ctx, by, &f, Read) == nil {
			return nil
		}
	}
	return notFound("照片")
}
