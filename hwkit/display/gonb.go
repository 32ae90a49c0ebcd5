package display

import (
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/janpfeifer/gonb/gonbui/protocol"
)

// This file is a small client of GoNB's display protocol. The cell program
// gob-encodes protocol.DisplayData values into the named pipe $GONB_PIPE and
// reads protocol.CommValue replies from $GONB_PIPE_BACK (used here only to
// wait for the acknowledgement of a sync request). The message types, MIME
// keys, addresses and their gob registration are GoNB's own, from
// gonbui/protocol (which imports only encoding/gob), so a GoNB upgrade that
// changes them fails to compile here instead of failing silently in a cell.
// gonbui itself is not linked: it pulls in a logger, UUIDs and the network
// stack, 0.1–0.27 s more linking in every displaying cell.

// AckTimeout bounds how long a display waits for GoNB: to open its pipes and
// to acknowledge an output. A kernel that cannot decode a message stops
// reading without a word; the cell then fails with "✗ error: display: …"
// after AckTimeout instead of hanging until the notebook's own timeout.
const AckTimeout = 20 * time.Second

func init() {
	// Output metadata holds nested maps ({"image/png": {"width": 480}}); gob
	// encodes a value held in an interface only if its type is registered.
	// The kernel registers the same type under the same (default) name.
	gob.Register(map[string]any{})
}

// InNotebook reports whether the program runs as a GoNB cell, i.e. whether
// displays reach a notebook front end.
func InNotebook() bool { return os.Getenv(protocol.GONB_PIPE_ENV) != "" }

// client is one connection to the kernel: display messages out, sync
// acknowledgements in. Its first failure is final: every later call returns
// it at once (a timed-out write may still hold the encoder).
type client struct {
	timeout time.Duration
	mu      sync.Mutex // serializes deliveries and sync ids
	enc     *gob.Encoder
	acks    chan int // sync ids acknowledged by the kernel; closed when the reply pipe ends
	nextID  int
	err     error
}

// newClient returns a client writing to w and reading acknowledgements from
// r, each delivery bounded by timeout.
func newClient(w io.Writer, r io.Reader, timeout time.Duration) *client {
	c := &client{timeout: timeout, enc: gob.NewEncoder(w), acks: make(chan int, 16)}
	go c.readAcks(gob.NewDecoder(r))
	return c
}

// readAcks forwards sync acknowledgements until the reply pipe ends or
// carries something that does not decode.
func (c *client) readAcks(dec *gob.Decoder) {
	defer close(c.acks)
	for {
		var v protocol.CommValue
		if err := dec.Decode(&v); err != nil {
			return
		}
		if id, ok := v.Value.(int); ok && v.Address == protocol.GonbuiSyncAckAddress {
			c.acks <- id
		}
	}
}

// deliver sends d followed by a sync request and waits until the kernel
// acknowledges the sync, which it does after handling every message sent
// before it: nothing is lost when the program exits right after. It gives
// up with an error after the client's timeout.
func (c *client) deliver(d *protocol.DisplayData) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.err != nil {
		return c.err
	}
	id := c.nextID
	c.nextID++
	sent := make(chan error, 1)
	go func() {
		err := c.enc.Encode(d)
		if err == nil {
			err = c.enc.Encode(&protocol.DisplayData{Data: map[protocol.MIMEType]any{
				protocol.MIMECommValue: protocol.CommValue{Address: protocol.GonbuiSyncAddress, Value: id},
			}})
		}
		sent <- err
	}()
	deadline := time.NewTimer(c.timeout)
	defer deadline.Stop()
	c.err = c.await(id, sent, deadline.C)
	return c.err
}

// await waits for the writes to finish and then for the acknowledgement of
// sync request id, until the deadline.
func (c *client) await(id int, sent <-chan error, deadline <-chan time.Time) error {
	select {
	case err := <-sent:
		if err != nil {
			return fmt.Errorf("display: sending the output to GoNB: %w", err)
		}
	case <-deadline:
		return fmt.Errorf("display: GoNB did not read the output within %v (is the kernel still running?)", c.timeout)
	}
	for {
		select {
		case ack, ok := <-c.acks:
			if !ok {
				return errors.New("display: GoNB closed its reply pipe before acknowledging the output")
			}
			if ack == id {
				return nil
			}
		case <-deadline:
			return fmt.Errorf("display: GoNB did not acknowledge the output within %v "+
				"(the kernel may have failed to decode it)", c.timeout)
		}
	}
}

// kernel is the process's connection to GoNB, opened on first use. It is
// process state by nature (one pair of pipes per cell program), kept behind
// sync.Once.
var kernel struct {
	once sync.Once
	c    *client
	err  error
}

// connection returns the connection to GoNB, opening its pipes on first use.
func connection() (*client, error) {
	kernel.once.Do(func() { kernel.c, kernel.err = openPipes(AckTimeout) })
	return kernel.c, kernel.err
}

// openPipes opens GoNB's named pipes. Opening a FIFO blocks until the other
// side opens it too, so it is bounded by timeout like every delivery.
func openPipes(timeout time.Duration) (*client, error) {
	type opened struct {
		c   *client
		err error
	}
	done := make(chan opened, 1)
	go func() {
		w, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_ENV), os.O_WRONLY, 0)
		if err != nil {
			done <- opened{err: fmt.Errorf("display: opening GoNB's pipe: %w", err)}
			return
		}
		r, err := os.OpenFile(os.Getenv(protocol.GONB_PIPE_BACK_ENV), os.O_RDONLY, 0)
		if err != nil {
			done <- opened{err: fmt.Errorf("display: opening GoNB's reply pipe: %w", err)}
			return
		}
		done <- opened{c: newClient(w, r, timeout)}
	}()
	select {
	case o := <-done:
		return o.c, o.err
	case <-time.After(timeout):
		return nil, fmt.Errorf("display: GoNB's pipes did not open within %v", timeout)
	}
}

// sendToKernel shows b in the notebook.
func sendToKernel(b Bundle) error {
	c, err := connection()
	if err != nil {
		return err
	}
	d := &protocol.DisplayData{Data: make(map[protocol.MIMEType]any, len(b.Data)), Metadata: b.Metadata}
	for k, v := range b.Data {
		d.Data[protocol.MIMEType(k)] = v
	}
	return c.deliver(d)
}
