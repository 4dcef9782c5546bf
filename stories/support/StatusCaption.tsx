import { useUserStatus } from '../../src'

/** What `useUserStatus` says about one user, in words: loading, the error, or the status numbers. */
export function StatusCaption({ userID }: { userID: string }) {
  const { statuses, isLoading, error } = useUserStatus([userID])
  const status = statuses[userID]
  if (error) {
    return (
      <span role="alert" className="pg-alert">
        {`${userID}: error ${error.code}: ${error.message}`}
      </span>
    )
  }
  let text = `${userID}: no status`
  if (isLoading) text = `${userID}: loading…`
  else if (status) {
    const custom = status.customStatus ? `, custom status "${status.customStatus}"` : ''
    text = `${userID}: statusType ${status.statusType}${custom}`
  }
  return <small className="pg-muted">{text}</small>
}
