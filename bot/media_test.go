package bot

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"
	"time"

	"selfcheck/models"
	"selfcheck/models/modelstest"
)

func testPNG(t testing.TB) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestMediaWorker: a photo is downloaded to DATA_DIR with its checksum, size
// and sniffed type; a non-image and an unknown media id fail for good.
func TestMediaWorker(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		data := testPNG(t)
		good, err := s.AddPhoto(ctx, sim.AddMedia("image/jpeg", data), 1) // WeChat's type is not trusted
		if err != nil {
			t.Fatal(err)
		}
		text, _ := s.AddPhoto(ctx, sim.AddMedia("image/png", []byte("<html>not a photo</html>")), 1)
		gone, _ := s.AddPhoto(ctx, "expired-media-id", 1)
		dir := t.TempDir()
		w := NewMediaWorker(newTestAPI(sim), s, dir)
		n, err := w.Drain(ctx)
		if err != nil || n != 1 {
			t.Fatalf("Drain = %d, %v, want 1", n, err)
		}
		p, err := s.Photo(ctx, good)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(data)
		if p.Status != models.PhotoStored || p.SHA256 != hex.EncodeToString(sum[:]) || p.Size != int64(len(data)) || p.ContentType != "image/png" {
			t.Errorf("stored photo = %+v", p)
		}
		onDisk, err := os.ReadFile(PhotoFile(dir, p))
		if err != nil || !bytes.Equal(onDisk, data) {
			t.Errorf("file %s: %v, same bytes %v", PhotoFile(dir, p), err, bytes.Equal(onDisk, data))
		}
		for _, id := range []int64{text, gone} {
			p, _ := s.Photo(ctx, id)
			if p.Status != models.PhotoFailed || p.LastError == "" || PhotoFile(dir, p) != "" {
				t.Errorf("photo %d = %s %q, want failed with a reason", id, p.Status, p.LastError)
			}
		}
	})
}

// TestMediaWorkerRetries: a download that fails for a while is retried and
// stored once the API answers.
func TestMediaWorkerRetries(t *testing.T) {
	modelstest.Each(t, func(t *testing.T, s *models.Store) {
		sim := newSim(t)
		ctx := context.Background()
		id, _ := s.AddPhoto(ctx, sim.AddMedia("image/png", testPNG(t)), 1)
		w := NewMediaWorker(newTestAPI(sim), s, t.TempDir())
		sim.Down()
		n, err := w.Drain(ctx)
		if upErr := sim.Up(); upErr != nil {
			t.Fatal(upErr)
		}
		if err != nil || n != 0 {
			t.Fatalf("Drain while down = %d, %v", n, err)
		}
		p, _ := s.Photo(ctx, id)
		if p.Status != models.PhotoPending || p.Attempts != 1 || p.LastError == "" {
			t.Fatalf("after a failed try: %+v", p)
		}
		s.Now = func() time.Time { return time.Now().Add(time.Hour) }
		if n, err := w.Drain(ctx); err != nil || n != 1 {
			t.Fatalf("Drain after up = %d, %v, want 1", n, err)
		}
	})
}
