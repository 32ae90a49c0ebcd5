package display

import (
	"bytes"
	"encoding/gob"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// fakeKernel is GoNB's side of a client's pipes, over os.Pipe: it decodes
// what the client sends and, if ack is set, acknowledges sync requests.
type fakeKernel struct {
	toKernel, fromKernel *os.File // the kernel's ends
	got                  chan *protocol.DisplayData
}

// newFakeKernel returns a client connected to a fake kernel, and the
// kernel. behave runs as the kernel's reader loop.
func newFakeKernel(t *testing.T, timeout time.Duration, behave func(k *fakeKernel)) (*client, *fakeKernel) {
	t.Helper()
	r1, w1, err := os.Pipe() // client → kernel
	if err != nil {
		t.Fatal(err)
	}
	r2, w2, err := os.Pipe() // kernel → client
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for _, f := range []*os.File{r1, w1, r2, w2} {
			f.Close()
		}
	})
	k := &fakeKernel{toKernel: r1, fromKernel: w2, got: make(chan *protocol.DisplayData, 16)}
	go behave(k)
	return newClient(w1, r2, timeout), k
}

// serve decodes messages and acknowledges each sync request, like GoNB.
func (k *fakeKernel) serve() {
	dec, enc := gob.NewDecoder(k.toKernel), gob.NewEncoder(k.fromKernel)
	for {
		d := &protocol.DisplayData{}
		if dec.Decode(d) != nil {
			return
		}
		if v, ok := d.Data[protocol.MIMECommValue].(protocol.CommValue); ok && v.Address == protocol.GonbuiSyncAddress {
			if enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: v.Value}) != nil {
				return
			}
			continue
		}
		k.got <- d
	}
}

func TestClientDelivers(t *testing.T) {
	c, kernel := newFakeKernel(t, 5*time.Second, (*fakeKernel).serve)
	for i, text := range []string{"first", "second"} {
		b := Bundle{Data: map[string]any{"text/plain": text, "image/png": []byte{1, 2}},
			Metadata: map[string]any{"image/png": map[string]any{"width": 600}}}
		d := &protocol.DisplayData{Data: map[protocol.MIMEType]any{}, Metadata: b.Metadata}
		for k, v := range b.Data {
			d.Data[protocol.MIMEType(k)] = v
		}
		if err := c.deliver(d); err != nil {
			t.Fatalf("delivery %d: %v", i, err)
		}
		got := <-kernel.got // delivered before the acknowledgement, so already there
		if got.Data[protocol.MIMETextPlain] != text {
			t.Errorf("delivery %d: the kernel got %v", i, got.Data)
		}
		if m, _ := got.Metadata["image/png"].(map[string]any); m["width"] != 600 {
			t.Errorf("delivery %d: metadata %v", i, got.Metadata)
		}
	}
}

// A kernel that stops reading, or reads and never answers, or closes its
// reply pipe, fails the display with a readable error within the deadline.
func TestClientDeadlines(t *testing.T) {
	const timeout = 200 * time.Millisecond
	big := &protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMEImagePNG: make([]byte, 1<<20)}}
	small := &protocol.DisplayData{Data: map[protocol.MIMEType]any{protocol.MIMETextPlain: "x"}}
	for _, tc := range []struct {
		name   string
		behave func(k *fakeKernel)
		msg    *protocol.DisplayData
		want   string
	}{
		// GoNB's reader returns on a message it cannot decode; the pipe
		// fills up and the write blocks.
		{"stops reading", func(k *fakeKernel) {}, big, "did not read the output within 200ms"},
		{"never acknowledges", func(k *fakeKernel) { io.Copy(io.Discard, k.toKernel) }, small,
			"did not acknowledge the output within 200ms (the kernel may have failed to decode it)"},
		{"closes the reply pipe", func(k *fakeKernel) { k.fromKernel.Close(); io.Copy(io.Discard, k.toKernel) }, small,
			"closed its reply pipe before acknowledging"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := newFakeKernel(t, timeout, tc.behave)
			start := time.Now()
			err := c.deliver(tc.msg)
			if err == nil || !strings.HasPrefix(err.Error(), "display: ") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if d := time.Since(start); d > 10*timeout {
				t.Errorf("took %v with a deadline of %v", d, timeout)
			}
			// The failure is final: the next delivery fails at once.
			if err2 := c.deliver(small); err2 != err {
				t.Errorf("second delivery: %v, want the first error", err2)
			}
		})
	}
}

// Acknowledgements of other ids (a stale or foreign sync) are not taken for
// this delivery's.
func TestClientWaitsForItsOwnAck(t *testing.T) {
	c, _ := newFakeKernel(t, 300*time.Millisecond, func(k *fakeKernel) {
		enc := gob.NewEncoder(k.fromKernel)
		enc.Encode(&protocol.CommValue{Address: protocol.GonbuiSyncAckAddress, Value: 99})
		enc.Encode(&protocol.CommValue{Address: "#other", Value: 0})
		io.Copy(io.Discard, k.toKernel)
	})
	if err := c.deliver(&protocol.DisplayData{}); err == nil || !strings.Contains(err.Error(), "did not acknowledge") {
		t.Fatalf("got %v, want a missing acknowledgement", err)
	}
}

// The messages this package writes decode as GoNB's own protocol types
// under the kernel's own gob registrations (gonbui/protocol's and those of
// the kernel's pipe reader, internal/jpyexec), and GoNB's acknowledgement
// decodes here: checked against the pinned gonb module in a helper program
// (testdata/wirecheck), not against a copy of it.
func TestWireCompatibleWithGoNB(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a helper program against the gonb module")
	}
	bin := buildWirecheck(t)
	var buf bytes.Buffer
	// Capture exactly what a client writes, then hand it to the kernel.
	c := newClient(&buf, strings.NewReader(""), time.Second)
	table := Bundle{Data: map[string]any{"text/plain": "hi", "image/png": []byte{1, 2, 3}},
		Metadata: map[string]any{"image/png": map[string]any{"width": 600, "height": 330}}}
	d := &protocol.DisplayData{Data: map[protocol.MIMEType]any{}, Metadata: table.Metadata}
	for k, v := range table.Data {
		d.Data[protocol.MIMEType(k)] = v
	}
	c.nextID = 7
	_ = c.deliver(d) // no acknowledgement comes from the empty reader
	cmd := exec.Command(bin, "decode")
	cmd.Stdin = &buf
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("GoNB's side failed to decode: %v\n%s", err, out)
	}
	want := "image/png: 3 bytes\ntext/plain: string hi\nmetadata width 600 height 330\n" +
		"comm value: ok true, address #gonbui/sync, id 7 (int true)\n"
	if string(out) != want {
		t.Errorf("GoNB decoded\n%s\nwant\n%s", out, want)
	}

	ack, err := exec.Command(bin, "ack", "7").Output()
	if err != nil {
		t.Fatal(err)
	}
	kc := newClient(io.Discard, bytes.NewReader(ack), time.Second)
	kc.nextID = 7
	if err := kc.deliver(&protocol.DisplayData{}); err != nil {
		t.Errorf("GoNB's acknowledgement was not understood: %v", err)
	}
}

// buildWirecheck builds testdata/wirecheck as a module below
// github.com/janpfeifer/gonb, which may import the kernel's internal
// packages, with this module's requirements and checksums (offline).
func buildWirecheck(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "wirecheck", "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	root, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	modDir := filepath.Dir(strings.TrimSpace(string(root)))
	gomod, err := os.ReadFile(filepath.Join(modDir, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gosum, err := os.ReadFile(filepath.Join(modDir, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	first, rest, _ := strings.Cut(string(gomod), "\n")
	if !strings.HasPrefix(first, "module ") {
		t.Fatalf("go.mod starts with %q", first)
	}
	for name, data := range map[string][]byte{
		"main.go": src,
		"go.mod":  []byte("module github.com/janpfeifer/gonb/hw2wirecheck\n" + rest),
		"go.sum":  gosum,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bin := filepath.Join(dir, "wirecheck")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("building the GoNB side: %v\n%s", err, out)
	}
	return bin
}
