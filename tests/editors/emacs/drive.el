;;; drive.el --- drives editors/emacs/werk.el in Emacs batch mode -*- lexical-binding: t -*-
;; Opens DRIVE_FILE, starts werk through eglot the way `eglot' would guess it,
;; waits for flymake's diagnostics and writes what it saw to DRIVE_OUT (JSON).
;; Used by tests/editors/test_emacs.py.
(package-initialize)
(require 'json)
(require 'werk)

(defun drive-wait (predicate seconds)
  (let ((deadline (+ (float-time) seconds)))
    (while (and (not (funcall predicate)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall predicate)))

(let ((out (list)))
  (condition-case err
      (progn
        (find-file (getenv "DRIVE_FILE"))
        (push (cons 'mode (symbol-name major-mode)) out)
        (let ((contact (eglot--guess-contact)))
          (push (cons 'contact (nth 3 contact)) out)
          (apply #'eglot contact))
        (push (cons 'managed (and (eglot-current-server) t)) out)
        (drive-wait (lambda () (flymake-diagnostics)) 30)
        (push (cons 'diagnostics
                    (vconcat
                     (mapcar (lambda (d)
                               (save-excursion
                                 (goto-char (flymake-diagnostic-beg d))
                                 `((line . ,(line-number-at-pos))
                                   (column . ,(current-column))
                                   (type . ,(symbol-name (flymake-diagnostic-type d)))
                                   (text . ,(flymake-diagnostic-text d)))))
                             (flymake-diagnostics))))
              out)
        (drive-wait (lambda () (equal (plist-get werk-last-status :state) "ready")) 10)
        (push (cons 'status (werk-status-text)) out)
        (eglot-shutdown (eglot-current-server)))
    (error (push (cons 'error (format "%S" err)) out)))
  (with-temp-file (getenv "DRIVE_OUT")
    (insert (json-encode out))))
(kill-emacs 0)
