package web

import (
	"bytes"
	"image"
	"image/color"
	_ "image/gif" // decoders for the photo types the chat and uploads store
	"image/jpeg"
	_ "image/png"
	"io"
	"net/http"
	"os"
	"strconv"
)

// thumbWidth is the width of the thumbnails pages show.
const thumbWidth = 240

// maxThumbPixels bounds the photos scaled on the fly (a 40-megapixel
// camera photo); larger ones are served in full.
const maxThumbPixels = 40_000_000

// thumbnail writes the photo at path scaled down to width w as a JPEG, or
// reports false when it cannot (an undecodable type such as WebP, or a
// photo already small), so that the caller serves the file as it is.
func thumbnail(w http.ResponseWriter, path string, width int) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	// A photo too large to decode cheaply is served as it is.
	cfg, _, err := image.DecodeConfig(f)
	if err != nil || cfg.Width <= width || cfg.Width*cfg.Height > maxThumbPixels {
		return false
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false
	}
	src, _, err := image.Decode(f)
	if err != nil {
		return false
	}
	b := src.Bounds()
	if b.Dx() <= width {
		return false
	}
	height := max(1, b.Dy()*width/b.Dx())
	dst := scaleDown(src, width, height)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 80}); err != nil {
		return false
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	w.Header().Set("Cache-Control", "private, max-age=86400")
	w.Write(buf.Bytes())
	return true
}

// scaleDown averages the source pixels under each destination pixel (a box
// filter), which is good enough for a thumbnail and needs only the standard
// library.
func scaleDown(src image.Image, w, h int) *image.RGBA {
	b := src.Bounds()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		y0 := b.Min.Y + y*b.Dy()/h
		y1 := max(y0+1, b.Min.Y+(y+1)*b.Dy()/h)
		for x := range w {
			x0 := b.Min.X + x*b.Dx()/w
			x1 := max(x0+1, b.Min.X+(x+1)*b.Dx()/w)
			var r, g, bl, a, n uint64
			for sy := y0; sy < y1; sy++ {
				for sx := x0; sx < x1; sx++ {
					cr, cg, cb, ca := src.At(sx, sy).RGBA()
					r, g, bl, a, n = r+uint64(cr), g+uint64(cg), bl+uint64(cb), a+uint64(ca), n+1
				}
			}
			dst.Set(x, y, color.RGBA64{uint16(r / n), uint16(g / n), uint16(bl / n), uint16(a / n)})
		}
	}
	return dst
}
