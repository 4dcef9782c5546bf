/**
 * The frame format of Tencent IM's web socket, as tim-js-sdk 2.27.6 and @tencentcloud/chat 3.6.6 speak it:
 * UTF-8 JSON `{head, body}` in binary frames both ways. Frames from the server must be binary (the SDK drops
 * text frames); only frames starting with the bytes `COMP` are inflated, so plain JSON needs no compression.
 */

/** The header of a frame. A reply echoes the request's `servcmd` and `seq`; a push carries a `seq` of its own. */
export interface WireHead {
  servcmd: string
  seq: number
  /** Before login: the user ID logging in. */
  identifier?: string
  /** After login: the A2Key that the login reply handed out. */
  a2?: string
  tinyid?: string | number
  sdkappid?: number | string
  [key: string]: unknown
}

/** One frame, either way. */
export interface WireFrame {
  head: WireHead
  body: Record<string, unknown>
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** Reads what the SDK passed to `WebSocket.send` (binary or text); null for anything that is not a frame. */
export function decodeFrame(data: unknown): WireFrame | null {
  let text: string
  if (typeof data === 'string') text = data
  else if (data instanceof ArrayBuffer) text = decoder.decode(new Uint8Array(data))
  else if (ArrayBuffer.isView(data))
    text = decoder.decode(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
  else return null
  try {
    const frame = JSON.parse(text) as Partial<WireFrame>
    if (typeof frame !== 'object' || frame === null || typeof frame.head !== 'object' || frame.head === null)
      return null
    const body = typeof frame.body === 'object' && frame.body !== null ? frame.body : {}
    return { head: frame.head as WireHead, body }
  } catch {
    return null
  }
}

/** A frame as the server sends it: an ArrayBuffer of UTF-8 JSON (never a text frame, which the SDK ignores). */
export function encodeFrame(frame: WireFrame): ArrayBuffer {
  const bytes = encoder.encode(JSON.stringify(frame))
  // A fresh ArrayBuffer of exactly these bytes: the SDK reads the whole buffer.
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer
}

/** UTF-8 text as base64, the form `CustomStatus` takes in every reply and push (requests carry plain text). */
export function toBase64(text: string): string {
  let binary = ''
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary)
}
