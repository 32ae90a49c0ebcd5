package plot

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"io"
)

// encodePNG writes img as an 8-bit RGB PNG (the canvas is opaque), each row
// unfiltered and the whole compressed at zlib's best speed. image/png's
// encoder chooses a filter per row by trying all five, which took two
// thirds of the time of drawing a plot, for files a few percent smaller;
// not importing image/png also keeps its decoder (registered in its init)
// out of every drawing cell's program.
func encodePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	var data bytes.Buffer
	z, err := zlib.NewWriterLevel(&data, zlib.BestSpeed)
	if err != nil {
		return err
	}
	row := make([]byte, 1+3*b.Dx()) // filter byte 0 (none), then RGB
	for y := b.Min.Y; y < b.Max.Y; y++ {
		px := img.Pix[img.PixOffset(b.Min.X, y):]
		for x := range b.Dx() {
			copy(row[1+3*x:4+3*x], px[4*x:4*x+3])
		}
		if _, err := z.Write(row); err != nil {
			return err
		}
	}
	if err := z.Close(); err != nil {
		return err
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(b.Dx()))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(b.Dy()))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, truecolour; compression, filter, interlace 0
	if _, err := io.WriteString(w, "\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	for _, c := range []struct {
		kind string
		data []byte
	}{{"IHDR", ihdr}, {"IDAT", data.Bytes()}, {"IEND", nil}} {
		if err := writeChunk(w, c.kind, c.data); err != nil {
			return err
		}
	}
	return nil
}

// writeChunk writes one PNG chunk: length, type, data, CRC of type and data.
func writeChunk(w io.Writer, kind string, data []byte) error {
	head := make([]byte, 8)
	binary.BigEndian.PutUint32(head, uint32(len(data)))
	copy(head[4:], kind)
	crc := crc32.NewIEEE()
	crc.Write(head[4:])
	crc.Write(data)
	tail := binary.BigEndian.AppendUint32(nil, crc.Sum32())
	for _, part := range [][]byte{head, data, tail} {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}
