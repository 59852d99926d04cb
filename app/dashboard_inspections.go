package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"selfcheck/app/web"
	"selfcheck/bot"
	"selfcheck/models"
)

// webInspections hands the dashboard the inspection workflow (一体指令).
type webInspections struct{ a *App }

var _ web.Inspections = webInspections{}

func (w webInspections) Checklist() []web.ChecklistItem {
	t, err := w.a.checklist()
	if err != nil {
		return nil
	}
	var out []web.ChecklistItem
	for _, it := range t.Items {
		if it.Department == "" {
			continue
		}
		text := it.Short
		if text == "" {
			text = it.Text
		}
		out = append(out, web.ChecklistItem{ID: it.ID, Theme: it.Theme, Text: text, Department: it.Department,
			Severity: severityOf(it.Severity, ""), CoDepartments: it.CoDepartments})
	}
	return out
}

func (w webInspections) CreateOrder(ctx context.Context, by *models.User, in web.OrderInput) (*models.InspectionOrder, error) {
	return w.a.createOrder(ctx, by, OrderInput(in))
}

func (w webInspections) MakePlan(ctx context.Context, in web.PlanInput, by string) (*web.PlanResult, error) {
	res, err := w.a.makePlan(ctx, PlanInput(in), by)
	if err != nil {
		return nil, err
	}
	return (*web.PlanResult)(res), nil
}

func (w webInspections) RecordOnsite(ctx context.Context, inspector string, visitID int64, results []web.ItemResult) (*web.OnsiteResult, error) {
	rs := make([]ItemResult, len(results))
	for i, r := range results {
		rs[i] = ItemResult(r)
	}
	res, err := w.a.recordOnsite(ctx, inspector, visitID, rs)
	if err != nil {
		return nil, err
	}
	return (*web.OnsiteResult)(res), nil
}

func (w webInspections) VerifyFix(ctx context.Context, by string, id int64, accept bool, note string) error {
	return w.a.verifyFix(ctx, by, id, accept, note)
}

func (w webInspections) ScheduleRevisit(ctx context.Context, by string, findingID int64, on time.Time, dept string) (*models.Visit, error) {
	return w.a.scheduleRevisit(ctx, by, findingID, on, dept)
}

func (w webInspections) DecideDeferral(ctx context.Context, by string, id int64, approve bool, reason string) error {
	return w.a.decideDeferral(ctx, by, id, approve, reason)
}

func (w webInspections) Burden(ctx context.Context, from, to time.Time) (*web.BurdenReport, error) {
	return w.a.burdenReport(ctx, from, to)
}

func (w webInspections) Publicity(ctx context.Context, from, to time.Time, limit, offset int) ([]web.PublicityEntry, error) {
	rows, err := w.a.publicity(ctx, from, to, limit, offset)
	if err != nil {
		return nil, err
	}
	out := make([]web.PublicityEntry, len(rows))
	for i, r := range rows {
		out[i] = web.PublicityEntry(r)
	}
	return out, nil
}

func (w webInspections) ExportPublicity(ctx context.Context, out io.Writer, format string, from, to time.Time) error {
	switch format {
	case "csv":
		return w.a.exportPublicityCSV(ctx, out, from, to)
	case "xlsx":
		return w.a.exportPublicityXLSX(ctx, out, from, to)
	}
	return models.Errorf(models.EINVALID, "不支持的导出格式 %s", format)
}

// uploadTypes are the image types an inspector may upload, by sniffed
// content type, with their file extension (as the bot stores chat photos).
var uploadTypes = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}

// SavePhoto stores an uploaded photo under DATA_DIR/photos like the photos
// sent in the chat (named by its sha256), and records it as stored in the
// same transaction that creates its row, so the download worker never sees
// it pending.
func (w webInspections) SavePhoto(ctx context.Context, by *models.User, data []byte) (int64, error) {
	ct := http.DetectContentType(data)
	ext, ok := uploadTypes[ct]
	if !ok {
		return 0, models.Errorf(models.EINVALID, "只能上传 JPG、PNG、GIF 或 WebP 图片")
	}
	sum := sha256.Sum256(data)
	name := hex.EncodeToString(sum[:])
	rel := filepath.Join("photos", name[:2], name+ext)
	if err := writeFileAtomic(filepath.Join(w.a.cfg.DataDir, rel), data); err != nil {
		return 0, err
	}
	var id int64
	err := w.a.store.Tx(ctx, func(tx *models.Store) error {
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

func (w webInspections) PhotoFile(ctx context.Context, id int64) (string, string, error) {
	p, err := w.a.store.Photo(ctx, id)
	if err != nil {
		return "", "", err
	}
	path := bot.PhotoFile(w.a.cfg.DataDir, p)
	if path == "" {
		return "", "", models.Errorf(models.ENOTFOUND, "照片尚未保存")
	}
	return path, p.ContentType, nil
}
