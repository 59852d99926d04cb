package bot

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"selfcheck/models"
)

// MaxPhotoSize bounds a stored photo: WeChat's chat images are at most
// 10 MB.
const MaxPhotoSize = 10 << 20

// photoTypes are the image types kept, by sniffed content type, with the
// file extension they get.
var photoTypes = map[string]string{
	"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp", "image/bmp": ".bmp",
}

// MediaWorker downloads the photos users send, which WeChat keeps for only
// three days, to DATA_DIR: the photos table is its queue. It runs apart from
// the webhook, so a slow download never delays a reply.
type MediaWorker struct {
	api   *API
	store *models.Store
	dir   string

	// MaxAttempts is how many tries a photo gets (10); Backoff is the wait
	// before the first retry (30 s), doubling per try up to six hours.
	MaxAttempts int
	Backoff     time.Duration
	// Lease is how long a claimed photo is held (2 minutes).
	Lease time.Duration
	// Logger defaults to slog.Default().
	Logger *slog.Logger
}

// NewMediaWorker returns a worker that stores photos under dataDir/photos.
func NewMediaWorker(api *API, store *models.Store, dataDir string) *MediaWorker {
	return &MediaWorker{api: api, store: store, dir: dataDir, MaxAttempts: 10, Backoff: 30 * time.Second,
		Lease: 2 * time.Minute, Logger: slog.Default()}
}

// Run downloads due photos until ctx ends, looking every poll.
func (w *MediaWorker) Run(ctx context.Context, poll time.Duration) {
	for {
		if n, err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.Logger.Error("photo download", "err", err)
		} else if n > 0 {
			w.Logger.Info("photos stored", "photos", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(poll):
		}
	}
}

// Drain downloads every due photo and returns how many it stored.
func (w *MediaWorker) Drain(ctx context.Context) (int, error) {
	n := 0
	for {
		photos, err := w.store.ClaimPhotos(ctx, 20, w.Lease)
		if err != nil || len(photos) == 0 {
			return n, err
		}
		for _, p := range photos {
			ok, err := w.fetch(ctx, p)
			if err != nil {
				return n, err
			}
			if ok {
				n++
			}
		}
	}
}

// fetch downloads and stores one photo; a failed try is recorded, not
// returned.
func (w *MediaWorker) fetch(ctx context.Context, p models.Photo) (bool, error) {
	call, cancel := context.WithTimeout(ctx, 2*CallTimeout)
	defer cancel()
	data, err := w.api.media(call, p.MediaID, MaxPhotoSize)
	countPhotoDownload(err)
	if err == nil {
		var path, ct string
		if path, ct, err = w.save(data); err == nil {
			sum := sha256.Sum256(data)
			return true, w.store.StorePhoto(ctx, p.ID, hex.EncodeToString(sum[:]), int64(len(data)), ct, path)
		}
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	err = Redact(err)
	var notImage errNotImage
	// A misconfigured account (IP allow-list, secret) is retried: the
	// photo is fine and an operator is fixing the account.
	final := !Temporary(err) && !ConfigError(err)
	if errors.As(err, &notImage) || final || errors.Is(err, errTooLarge) || p.Attempts >= w.MaxAttempts {
		w.Logger.Warn("photo not stored", "photo", p.ID, "attempts", p.Attempts, "err", err)
		return false, w.store.FailPhoto(ctx, p.ID, err.Error())
	}
	d := w.Backoff << min(p.Attempts-1, 10)
	return false, w.store.RetryPhoto(ctx, p.ID, err.Error(), w.store.Now().Add(min(d, 6*time.Hour)))
}

// errNotImage is a download whose content is not an accepted image type.
type errNotImage string

func (e errNotImage) Error() string { return "not an image: " + string(e) }

// save writes data under photos/, named by its sha256 (the same photo twice
// is one file), through a temporary file and a rename so that a reader never
// sees half a file. It returns the path relative to the data directory and
// the sniffed type: the type WeChat claims is not trusted.
func (w *MediaWorker) save(data []byte) (string, string, error) {
	ct := http.DetectContentType(data)
	ext, ok := photoTypes[ct]
	if !ok {
		return "", "", errNotImage(ct)
	}
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:])
	rel := filepath.Join("photos", name[:2], name+ext)
	abs := filepath.Join(w.dir, rel)
	if _, err := os.Stat(abs); err == nil {
		return filepath.ToSlash(rel), ct, nil
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return "", "", fmt.Errorf("store photo: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(abs), ".download-*")
	if err != nil {
		return "", "", fmt.Errorf("store photo: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return "", "", fmt.Errorf("store photo: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return "", "", fmt.Errorf("store photo: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return "", "", fmt.Errorf("store photo: %w", err)
	}
	if err := os.Rename(tmp.Name(), abs); err != nil {
		return "", "", fmt.Errorf("store photo: %w", err)
	}
	return filepath.ToSlash(rel), ct, nil
}

// PhotoFile returns the absolute path of a stored photo under dataDir, for
// the dashboard and the API to serve; "" if it is not stored yet.
func PhotoFile(dataDir string, p *models.Photo) string {
	if p.Status != models.PhotoStored || p.Path == "" {
		return ""
	}
	return filepath.Join(dataDir, filepath.FromSlash(p.Path))
}
