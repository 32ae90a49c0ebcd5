package display

import (
	"encoding/gob"
	"errors"
	"fmt"
	"os"
	"sync"
)

// This file speaks GoNB's display protocol directly instead of importing
// github.com/janpfeifer/gonb/gonbui. The protocol is small: the cell program
// gob-encodes DisplayData values into the named pipe $GONB_PIPE, and reads
// CommValue replies from $GONB_PIPE_BACK (used here only for Sync). gonbui
// pulls in klog, uuid, net and more, which made every displaying cell link
// about 0.27 s longer (measured: 0.49 s against 0.22 s for a plain program);
// this client links in a few milliseconds. It is written against the GoNB
// version pinned in go.mod (v0.11.4), and the notebook tests check that
// tables and plots arrive in executed notebooks.

// Environment variables set by GoNB for the cell program
// (gonbui/protocol.GONB_PIPE_ENV and GONB_PIPE_BACK_ENV).
const (
	pipeEnv     = "GONB_PIPE"
	pipeBackEnv = "GONB_PIPE_BACK"
)

// gonb/gonbui/protocol constants: the MIME key of a comms value and the
// addresses of a sync request and its acknowledgement.
const (
	mimeCommValue  = "gonb/comm_value"
	syncAddress    = "#gonbui/sync"
	syncAckAddress = "#gonbui/sync_ack"
)

// displayData mirrors protocol.DisplayData field by field; gob matches
// struct fields by name, so the kernel decodes it as its own type.
type displayData struct {
	Data      map[string]any
	Metadata  map[string]any
	DisplayID string
}

// commValue mirrors protocol.CommValue. It travels inside an interface
// value (displayData.Data), so it is registered under the name the kernel
// registered protocol.CommValue with.
type commValue struct {
	Address string
	Request bool
	Value   any
}

func init() {
	gob.RegisterName("github.com/janpfeifer/gonb/gonbui/protocol.CommValue", commValue{})
}

// pipes is the connection to the kernel, opened on first use.
type pipes struct {
	once   sync.Once
	err    error
	mu     sync.Mutex // serializes encoding and sync ids
	enc    *gob.Encoder
	acks   chan int // sync acknowledgements read from the back pipe
	nextID int
}

// conn returns the process's connection to the kernel. It is process state
// by nature (one pair of pipes per cell program), kept behind sync.Once.
var conn pipes

func (p *pipes) open() error {
	p.once.Do(func() {
		w, err := os.OpenFile(os.Getenv(pipeEnv), os.O_WRONLY, 0o600)
		if err != nil {
			p.err = fmt.Errorf("display: opening the GoNB pipe: %w", err)
			return
		}
		p.enc = gob.NewEncoder(w)
		r, err := os.OpenFile(os.Getenv(pipeBackEnv), os.O_RDONLY, 0o600)
		if err != nil {
			p.err = fmt.Errorf("display: opening the GoNB back pipe: %w", err)
			return
		}
		p.acks = make(chan int, 16)
		go p.readAcks(gob.NewDecoder(r))
	})
	return p.err
}

// readAcks forwards sync acknowledgements until the pipe closes.
func (p *pipes) readAcks(dec *gob.Decoder) {
	defer close(p.acks)
	for {
		var v commValue
		if err := dec.Decode(&v); err != nil {
			return
		}
		if id, ok := v.Value.(int); ok && v.Address == syncAckAddress {
			p.acks <- id
		}
	}
}

// send encodes one message to the kernel.
func (p *pipes) send(d *displayData) error {
	if err := p.open(); err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.enc.Encode(d)
}

// sync waits until the kernel has processed every message sent before it,
// so nothing is lost when the program exits right after a display.
func (p *pipes) sync() error {
	if err := p.open(); err != nil {
		return err
	}
	p.mu.Lock()
	id := p.nextID
	p.nextID++
	err := p.enc.Encode(&displayData{Data: map[string]any{
		mimeCommValue: commValue{Address: syncAddress, Value: id},
	}})
	p.mu.Unlock()
	if err != nil {
		return err
	}
	for ack := range p.acks {
		if ack == id {
			return nil
		}
	}
	return errors.New("display: the GoNB back pipe closed before acknowledging a sync")
}
