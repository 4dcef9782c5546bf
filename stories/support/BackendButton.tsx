import type { StatusType } from '../../src'
import { usePlayground } from './playground'

/** A button that changes something in the backend, as another device or the IM console would. */
export function BackendButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" onClick={onClick}>
      {label}
    </button>
  )
}

/** A button that sets one user's status in the playground's backend, as that user's own device would. */
export function SetStatusButton({
  label,
  userID,
  statusType,
}: {
  label: string
  userID: string
  statusType: StatusType
}) {
  const { tim } = usePlayground()
  return <BackendButton label={label} onClick={() => tim.backend.setStatus(userID, { statusType })} />
}
