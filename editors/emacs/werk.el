;;; werk.el --- Structured Text with the werk language server  -*- lexical-binding: t -*-

;; Package-Requires: ((emacs "28.1") (eglot "1.9"))
;; Keywords: languages, PLC, IEC 61131-3

;;; Commentary:

;; `iecst-mode' for IEC 61131-3 Structured Text (CODESYS/TwinCAT, Siemens
;; SCL, TwinCAT's .TcPOU/.TcGVL/.TcDUT), started with `werk serve' through
;; eglot (built into Emacs 29; the `elpa-eglot' package on Debian bookworm's
;; Emacs 28).
;;
;;   (add-to-list 'load-path "/path/to/werk/editors/emacs")
;;   (require 'werk)
;;   (add-hook 'iecst-mode-hook #'eglot-ensure)
;;
;; werk is found through `werk-program', the project's .venv/venv/env,
;; then PATH; `werk-settings' (a plist in werk.toml's schema) goes to the
;; server as initializationOptions.  M-x werk-check runs `werk check' in a
;; compilation buffer; M-x werk-status shows the server's last werk/status.

;;; Code:

(require 'eglot)
(require 'compile)

(defgroup werk nil "Structured Text with werk." :group 'languages)

(defcustom werk-program nil
  "The werk executable; nil finds it in the project's venv, then on PATH."
  :type '(choice (const nil) file))

(defcustom werk-settings nil
  "werk settings in werk.toml's schema as a plist, e.g. (:rules (:ignore [\"CP9\"]))."
  :type 'sexp)

(defconst werk-venv-dirs '(".venv" "venv" "env"))

(defvar werk-last-status nil "The last werk/status notification (a plist).")

(defconst iecst-keywords
  '("PROGRAM" "END_PROGRAM" "FUNCTION_BLOCK" "END_FUNCTION_BLOCK" "FUNCTION" "END_FUNCTION"
    "METHOD" "END_METHOD" "PROPERTY" "END_PROPERTY" "ACTION" "END_ACTION" "INTERFACE"
    "END_INTERFACE" "TYPE" "END_TYPE" "STRUCT" "END_STRUCT" "EXTENDS" "IMPLEMENTS"
    "VAR" "VAR_INPUT" "VAR_OUTPUT" "VAR_IN_OUT" "VAR_GLOBAL" "VAR_EXTERNAL" "VAR_TEMP"
    "VAR_INST" "VAR_STAT" "END_VAR" "CONSTANT" "RETAIN" "PERSISTENT" "AT"
    "IF" "THEN" "ELSIF" "ELSE" "END_IF" "CASE" "OF" "END_CASE" "FOR" "TO" "BY" "DO"
    "END_FOR" "WHILE" "END_WHILE" "REPEAT" "UNTIL" "END_REPEAT" "RETURN" "EXIT"
    "CONTINUE" "REGION" "END_REGION" "BEGIN" "AND" "OR" "XOR" "NOT" "MOD"
    "AND_THEN" "OR_ELSE"))

(defconst iecst-types
  '("BOOL" "BYTE" "WORD" "DWORD" "LWORD" "SINT" "INT" "DINT" "LINT" "USINT" "UINT"
    "UDINT" "ULINT" "REAL" "LREAL" "TIME" "LTIME" "DATE" "TIME_OF_DAY" "TOD"
    "DATE_AND_TIME" "DT" "STRING" "WSTRING" "ARRAY" "POINTER" "REFERENCE"
    "TON" "TOF" "TP" "R_TRIG" "F_TRIG" "CTU" "CTD" "CTUD" "SR" "RS"))

(defvar iecst-font-lock-keywords
  `((,(regexp-opt iecst-keywords 'words) . font-lock-keyword-face)
    (,(regexp-opt iecst-types 'words) . font-lock-type-face)
    (,(regexp-opt '("TRUE" "FALSE") 'words) . font-lock-constant-face)
    ("%[IQM][XBWDL]?[0-9.]+" . font-lock-variable-name-face)
    ("\\_<L?T\\(?:IME\\)?#[0-9A-Za-z_.]+" . font-lock-constant-face)))

(defvar iecst-mode-syntax-table
  (let ((table (make-syntax-table)))
    ;; (* nested comments *) and // line comments.
    (modify-syntax-entry ?\( "()1n" table)
    (modify-syntax-entry ?\) ")(4n" table)
    (modify-syntax-entry ?* ". 23n" table)
    (modify-syntax-entry ?/ ". 12b" table)
    (modify-syntax-entry ?\n "> b" table)
    (modify-syntax-entry ?' "\"" table)
    (modify-syntax-entry ?_ "w" table)
    table))

;;;###autoload
(define-derived-mode iecst-mode prog-mode "ST"
  "Major mode for IEC 61131-3 Structured Text."
  (setq-local comment-start "// ")
  (setq-local comment-end "")
  (setq-local font-lock-defaults '(iecst-font-lock-keywords nil t)))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.\\(st\\|scl\\|iecst\\|TcPOU\\|TcGVL\\|TcDUT\\)\\'" . iecst-mode))

(defun werk--project-root ()
  (or (locate-dominating-file default-directory "werk.toml")
      (locate-dominating-file default-directory ".git")
      default-directory))

(defun werk-executable ()
  "The werk executable: `werk-program', the project's venv, then PATH."
  (or werk-program
      (let ((root (werk--project-root)))
        (seq-some (lambda (dir)
                    (let ((candidate (expand-file-name (concat dir "/bin/werk") root)))
                      (and (file-executable-p candidate) candidate)))
                  werk-venv-dirs))
      (executable-find "werk")
      (user-error "werk: no werk in the project's venv or on PATH; pip install werk or set `werk-program'")))

(defun werk--eglot-contact (&optional _interactive)
  (append (list (werk-executable) "serve")
          (when werk-settings (list :initializationOptions werk-settings))))

(add-to-list 'eglot-server-programs '(iecst-mode . werk--eglot-contact))

(cl-defmethod eglot-handle-notification
  (_server (_method (eql werk/status)) &rest params)
  "Keep the server's werk/status for `werk-status'."
  (setq werk-last-status params)
  (force-mode-line-update t))

(defun werk-status-text ()
  "One line: werk: ready · 3 files · 0.9 ms."
  (if (null werk-last-status)
      "werk: not running"
    (let ((files (plist-get werk-last-status :files))
          (ms (plist-get werk-last-status :lastCheckMs)))
      (mapconcat #'identity
                 (delq nil (list (format "werk: %s" (plist-get werk-last-status :state))
                                 (and (numberp files) (format "%d file%s" files (if (= files 1) "" "s")))
                                 (and (numberp ms) (format "%.1f ms" ms))))
                 " · "))))

(defun werk-status ()
  "Show the werk server's state."
  (interactive)
  (message "%s" (werk-status-text)))

(defun werk-check ()
  "Run `werk check' on the project in a compilation buffer (next-error works)."
  (interactive)
  (let ((default-directory (werk--project-root)))
    (compile (mapconcat #'shell-quote-argument (list (werk-executable) "check") " "))))

(provide 'werk)
;;; werk.el ends here
