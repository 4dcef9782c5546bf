import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import 'react-tim-status/styles.css' // optional: the badge's stylesheet
import './app.css'
import { App } from './App'

const root = document.getElementById('root')
if (!root) throw new Error('no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
