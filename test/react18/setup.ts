// In the react-18 projects: the React the tests run on is 18.3 (so that a wrong alias cannot pass unnoticed).
import { version } from 'react'
import { version as domVersion } from 'react-dom'

if (!version.startsWith('18.') || !domVersion.startsWith('18.')) {
  throw new Error(`the react-18 project runs on React ${version} / react-dom ${domVersion}`)
}
